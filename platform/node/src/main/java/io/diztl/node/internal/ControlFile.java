package io.diztl.node.internal;

import io.diztl.api.DiztlException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code data/control.properties}: how a local client reaches a running node's control API. Only
 * the owner may read it, since it holds the token.
 *
 * @param port the control port on 127.0.0.1 (gRPC over HTTP/2)
 * @param webPort the port on 127.0.0.1 where the same API answers gRPC-Web over HTTP/1.1, which a
 *     command-line client reaches without starting an HTTP/2 stack; 0 when the node offers none
 * @param token the secret each call carries
 * @param nodeId the node's id
 * @param pid the node's process id
 */
public record ControlFile(int port, int webPort, String token, String nodeId, long pid) {

  /** The file name inside the data folder. */
  public static final String NAME = "control.properties";

  /** Checks the parts. */
  public ControlFile {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(nodeId, "nodeId");
  }

  /** Writes this file into {@code dataDir} atomically, readable by the owner only. */
  public void write(Path dataDir) {
    Properties properties = new Properties();
    properties.setProperty("port", Integer.toString(port));
    if (webPort != 0) {
      properties.setProperty("web-port", Integer.toString(webPort));
    }
    properties.setProperty("token", token);
    properties.setProperty("node-id", nodeId);
    properties.setProperty("pid", Long.toString(pid));
    StringWriter text = new StringWriter();
    try {
      properties.store(text, "diztl node control API; delete only when no node runs");
      AtomicFiles.write(dataDir.resolve(NAME), text.toString(), true);
    } catch (IOException e) {
      throw new DiztlException("cannot write " + dataDir.resolve(NAME) + ": " + e, e);
    }
  }

  /**
   * Reads the file from {@code dataDir}; empty when there is none.
   *
   * @throws DiztlException when the file exists but cannot be read or is malformed
   */
  public static Optional<ControlFile> read(Path dataDir) {
    Path file = dataDir.resolve(NAME);
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new DiztlException("cannot read " + file + ": " + e, e);
    }
    try {
      return Optional.of(
          new ControlFile(
              Integer.parseInt(required(properties, "port", file)),
              Integer.parseInt(properties.getProperty("web-port", "0").strip()),
              required(properties, "token", file),
              required(properties, "node-id", file),
              Long.parseLong(required(properties, "pid", file))));
    } catch (NumberFormatException e) {
      throw new DiztlException("malformed number in " + file + ": " + e.getMessage(), e);
    }
  }

  /** Deletes the file from {@code dataDir} if it is there. */
  public static void delete(Path dataDir) throws IOException {
    Files.deleteIfExists(dataDir.resolve(NAME));
  }

  private static String required(Properties properties, String key, Path file) {
    String value = properties.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new DiztlException(file + " lacks '" + key + "': delete it if no node is running");
    }
    return value.strip();
  }
}
