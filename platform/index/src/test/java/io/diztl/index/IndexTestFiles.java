package io.diztl.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Helpers for index tests: files with content, expected hashes, opening an index. */
final class IndexTestFiles {

  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(20);

  private IndexTestFiles() {}

  static Path write(Path root, String relative, String content) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  /** The content identity of the UTF-8 form of {@code content} (its SHA-256 Merkle root). */
  static String sha256(String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    MerkleHasher hasher = new MerkleHasher(bytes.length);
    hasher.update(ByteBuffer.wrap(bytes));
    return hasher.finish().rootHex();
  }

  static ShareIndex open(Path share, Path indexDir, Path... excluded) {
    return ShareIndex.open(new IndexConfig(share, indexDir, List.of(excluded)));
  }

  static void awaitIdle(ShareIndex index) {
    if (!index.awaitIdle(IDLE_TIMEOUT)) {
      throw new AssertionError("index not idle within " + IDLE_TIMEOUT);
    }
  }
}
