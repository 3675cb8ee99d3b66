package io.diztl.node.internal;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One protobuf message kept in a file of the data folder, replaced whole and atomically on each
 * save. A damaged file is set aside (as {@code NAME.damaged}) and read as missing; failures are
 * logged, never thrown, so what the node holds in memory goes on.
 *
 * @param <M> the message type
 */
public final class MessageFile<M extends Message> {

  private static final Logger LOG = LoggerFactory.getLogger(MessageFile.class);

  private final Path file;
  private final Parser<M> parser;
  private final String what;

  /**
   * The file {@code name} in {@code dataDir}, read with {@code parser}; {@code what} names its
   * content in log lines, such as "the download queue".
   */
  public MessageFile(Path dataDir, String name, Parser<M> parser, String what) {
    this.file = dataDir.resolve(name);
    this.parser = parser;
    this.what = what;
  }

  /** The message saved last; empty when there is none or it was damaged. */
  public Optional<M> load() {
    try (InputStream in = Files.newInputStream(file)) {
      return Optional.of(parser.parseFrom(in));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      LOG.warn("cannot read {} in {}: {}; starting without", what, file, e.toString());
      try {
        Files.move(
            file,
            file.resolveSibling(file.getFileName() + ".damaged"),
            StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException moveFailed) {
        LOG.warn("cannot set {} aside: {}", file, moveFailed.toString());
      }
      return Optional.empty();
    }
  }

  /** Replaces the saved message. */
  public void save(M message) {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(temp)) {
        message.writeTo(out);
      }
      try {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      LOG.warn("cannot save {} in {}: {}", what, file, e.toString());
    }
  }
}
