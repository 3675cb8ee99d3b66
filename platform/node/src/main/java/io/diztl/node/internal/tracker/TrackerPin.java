package io.diztl.node.internal.tracker;

import io.diztl.api.DiztlException;
import io.diztl.node.internal.AtomicFiles;
import io.diztl.proto.PeerPin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracker identity a node accepts: the fingerprint its address pins ({@code
 * HOST:PORT#FINGERPRINT}), else the one it learned on first contact (trust on first use) and keeps
 * in {@value #FILE} of its data folder, one {@code HOST:PORT FINGERPRINT} line per tracker. A
 * tracker that presents another identity later is refused, with a message that says what to do.
 */
final class TrackerPin implements PeerPin {

  /** The file of the data folder that holds the learned tracker identities. */
  static final String FILE = "known-trackers";

  private static final Logger LOG = LoggerFactory.getLogger(TrackerPin.class);

  private final Path file;
  private final String hostPort;
  private final boolean given;
  private volatile String pinned;

  private TrackerPin(Path file, String hostPort, boolean given, String pinned) {
    this.file = file;
    this.hostPort = hostPort;
    this.given = given;
    this.pinned = pinned;
  }

  /**
   * The pin for {@code address}, whose learned identity (if any) is kept in {@code dataDir}; a
   * fingerprint in the address wins over a learned one, and replaces it.
   *
   * @throws DiztlException when the file cannot be read or written
   */
  static TrackerPin load(Path dataDir, TrackerAddress address) {
    Path file = dataDir.resolve(FILE);
    Map<String, String> known = read(file);
    String hostPort = address.hostPort();
    if (!address.fingerprint().isEmpty()) {
      if (!address.fingerprint().equals(known.get(hostPort))) {
        known.put(hostPort, address.fingerprint());
        write(file, known);
      }
      return new TrackerPin(file, hostPort, true, address.fingerprint());
    }
    return new TrackerPin(file, hostPort, false, known.get(hostPort));
  }

  /** The identity pinned so far; empty until the first contact with a tracker not pinned. */
  Optional<String> pinned() {
    return Optional.ofNullable(pinned);
  }

  @Override
  public synchronized void check(String id) throws CertificateException {
    if (pinned == null) {
      Map<String, String> known = read(file);
      known.put(hostPort, id);
      write(file, known);
      pinned = id;
      LOG.info(
          "tracker {} has identity {}: learned on first use and pinned in {} (give --tracker {}#{}"
              + " to pin it from the start)",
          hostPort,
          id,
          file,
          hostPort,
          id);
      return;
    }
    if (!pinned.equals(id)) {
      throw new CertificateException(
          "tracker "
              + hostPort
              + " presented identity "
              + id
              + ", but this node pins "
              + pinned
              + (given ? " (from --tracker)" : " (learned on first use, in " + file + ")")
              + ": refusing it as a possible impostor. If the tracker's key really changed, start"
              + " the node with --tracker "
              + hostPort
              + "#"
              + id);
    }
  }

  private static Map<String, String> read(Path file) {
    Map<String, String> known = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return known;
    }
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] parts = line.strip().split("\\s+");
        if (parts.length == 2) {
          known.put(parts[0], parts[1]);
        }
      }
    } catch (IOException e) {
      throw new DiztlException("cannot read the known trackers in " + file + ": " + e, e);
    }
    return known;
  }

  private static void write(Path file, Map<String, String> known) {
    StringBuilder text = new StringBuilder();
    known.forEach((hostPort, id) -> text.append(hostPort).append(' ').append(id).append('\n'));
    try {
      AtomicFiles.write(file, text.toString(), false);
    } catch (IOException e) {
      throw new DiztlException("cannot write the known trackers to " + file + ": " + e, e);
    }
  }
}
