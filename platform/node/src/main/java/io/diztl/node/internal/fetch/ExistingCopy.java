package io.diztl.node.internal.fetch;

import io.diztl.index.PieceHashes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Finds out whether the file a download would be saved as already holds the content asked for, so
 * that getting the same content twice into the same folder fetches nothing: it must be a regular
 * file of the content's size whose every piece verifies against the content's piece hashes (read
 * from disk, never trusted by name or size alone).
 */
final class ExistingCopy {

  private ExistingCopy() {}

  /** {@code file} when it holds exactly the content of {@code hashes}, else empty. */
  static Optional<Path> of(Path file, PieceHashes hashes) {
    try {
      BasicFileAttributes attributes =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!attributes.isRegularFile() || attributes.size() != hashes.size()) {
        return Optional.empty();
      }
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        ByteBuffer piece = ByteBuffer.allocateDirect(hashes.pieceSize());
        for (int i = 0; i < hashes.count(); i++) {
          piece.clear().limit(hashes.length(i));
          long offset = hashes.offset(i);
          while (piece.hasRemaining()) {
            if (channel.read(piece, offset + piece.position()) < 0) {
              return Optional.empty();
            }
          }
          if (!hashes.verify(i, piece.flip())) {
            return Optional.empty();
          }
        }
      }
      return Optional.of(file);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
