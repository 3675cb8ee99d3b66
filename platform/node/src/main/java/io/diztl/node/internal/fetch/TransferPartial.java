package io.diztl.node.internal.fetch;

import io.diztl.index.MerkleHasher;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The on-disk state of one unfinished download: {@code <key>.part} holds the first bytes of the
 * file, and the sidecar {@code <key>.meta} the size and SHA-256 the peer announced for them.
 */
final class TransferPartial {

  private static final Logger log = LoggerFactory.getLogger(TransferPartial.class);
  private static final String SIZE = "size=";
  private static final String SHA256 = "sha256=";
  private static final int READ_BUFFER_BYTES = 1024 * 1024;

  /** What the peer announced when the partial was begun. */
  record Expected(long size, String sha256) {}

  private final Path part;
  private final Path meta;

  TransferPartial(Path dir, String key) {
    this.part = dir.resolve(key + ".part");
    this.meta = dir.resolve(key + ".meta");
  }

  Path part() {
    return part;
  }

  Path meta() {
    return meta;
  }

  /**
   * What an existing partial was begun for, if both files exist, the sidecar is well formed and the
   * partial is not longer than the file; otherwise deletes whatever is there.
   */
  Optional<Expected> resumable() throws IOException {
    if (Files.isRegularFile(part) && Files.isRegularFile(meta)) {
      Optional<Expected> expected = parse(Files.readAllLines(meta, StandardCharsets.UTF_8));
      if (expected.isPresent() && Files.size(part) <= expected.get().size()) {
        return expected;
      }
      log.debug("Discarding unusable partial {}", part);
    }
    delete();
    return Optional.empty();
  }

  /** The bytes on disk. */
  long length() throws IOException {
    return Files.size(part);
  }

  /** The bytes on disk, or 0 when they cannot be read. */
  long lengthOrZero() {
    try {
      return Files.exists(part) ? Files.size(part) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** Feeds the partial's bytes to {@code digest}. */
  void digestInto(MerkleHasher digest) throws IOException {
    try (FileChannel channel = FileChannel.open(part, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
      while (channel.read(buffer) >= 0) {
        buffer.flip();
        digest.update(buffer);
        buffer.clear();
      }
    }
  }

  /** Records what the peer announced, replacing the sidecar atomically. */
  void writeSidecar(Expected expected) throws IOException {
    Path temp = meta.resolveSibling(meta.getFileName() + ".tmp");
    String text = SIZE + expected.size() + "\n" + SHA256 + expected.sha256() + "\n";
    try (FileChannel channel =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(true);
    }
    try {
      Files.move(temp, meta, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, meta, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Deletes the sidecar alone, once the partial has been placed. */
  void deleteSidecar() {
    deleteQuietly(meta);
  }

  /** Deletes the partial and its sidecar, logging (not throwing) if that fails. */
  void delete() {
    deleteQuietly(part);
    deleteQuietly(meta);
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      log.warn("Cannot delete {}", path, e);
    }
  }

  private static Optional<Expected> parse(List<String> lines) {
    long size = -1;
    String sha256 = null;
    for (String line : lines) {
      if (line.startsWith(SIZE)) {
        try {
          size = Long.parseLong(line.substring(SIZE.length()));
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
      } else if (line.startsWith(SHA256)) {
        sha256 = line.substring(SHA256.length());
      }
    }
    if (size < 0 || sha256 == null || sha256.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Expected(size, sha256));
  }
}
