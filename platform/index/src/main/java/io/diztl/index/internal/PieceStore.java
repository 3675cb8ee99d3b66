package io.diztl.index.internal;

import io.diztl.index.PieceHashes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The piece hashes of indexed content, one file per identity in a folder of the index: {@code <root
 * hex>} holding the 32-byte hashes in order. Files of one piece need none (the root is the only
 * piece hash). Written atomically; thread-safe.
 */
final class PieceStore {

  private final Path dir;

  PieceStore(Path dir) {
    this.dir = dir;
  }

  /** Keeps the piece hashes of {@code hashes}, unless it has one piece. */
  void put(PieceHashes hashes) throws IOException {
    if (hashes.count() == 1) {
      return;
    }
    Path target = dir.resolve(hashes.rootHex());
    if (Files.isRegularFile(target)) {
      return;
    }
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "pieces", ".tmp");
    try {
      Files.write(temp, hashes.layer());
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * The piece hashes of content {@code rootHex} of {@code size} bytes, when kept and consistent
   * with the root.
   */
  Optional<PieceHashes> get(String rootHex, long size) throws IOException {
    byte[] root = HexFormat.of().parseHex(rootHex);
    if (io.diztl.index.MerkleHasher.pieceCount(size) == 1) {
      return Optional.of(new PieceHashes(root, size, root));
    }
    byte[] layer;
    try {
      layer = Files.readAllBytes(dir.resolve(rootHex));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    try {
      return Optional.of(PieceHashes.checked(rootHex, size, layer));
    } catch (RuntimeException e) {
      return Optional.empty(); // damaged or of a hash of an older version: computed again
    }
  }
}
