package io.diztl.node.internal.piece;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.diztl.index.MerkleHasher;
import io.diztl.index.PieceHashes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PiecePartialTest {

  private static final int PIECE = 128 * 1024;

  @TempDir Path dir;
  private final byte[] content = content(8 * PIECE + 999);
  private final PieceHashes hashes = hash(content);

  private static byte[] content(int size) {
    byte[] bytes = new byte[size];
    new Random(7).nextBytes(bytes);
    return bytes;
  }

  private static PieceHashes hash(byte[] content) {
    MerkleHasher hasher = new MerkleHasher(content.length);
    hasher.update(ByteBuffer.wrap(content));
    return hasher.finish();
  }

  private ByteBuffer piece(int index) {
    return ByteBuffer.wrap(content, (int) hashes.offset(index), hashes.length(index));
  }

  /** Writes bytes into the part behind the partial's back, as a writer killed before its sync. */
  private void writeUnrecorded(long at, ByteBuffer bytes) throws IOException {
    try (FileChannel part =
        FileChannel.open(dir.resolve(hashes.rootHex() + ".part"), StandardOpenOption.WRITE)) {
      while (bytes.hasRemaining()) {
        at += part.write(bytes, at);
      }
    }
  }

  @Test
  void keepsTheRecordedPiecesAcrossAReopen() throws IOException {
    try (PiecePartial partial = PiecePartial.open(dir, hashes)) {
      partial.write(0, piece(0));
      partial.write(8, piece(8));
    }
    try (PiecePartial partial = PiecePartial.open(dir, hashes)) {
      assertEquals(bits(0, 8), partial.verified());
      assertEquals(PIECE + 999, partial.verifiedBytes());
    }
  }

  @Test
  void takesBackPiecesWrittenAfterTheLastRecordWhenTheyVerify() throws IOException {
    try (PiecePartial partial = PiecePartial.open(dir, hashes)) {
      partial.write(0, piece(0));
    }
    writeUnrecorded(hashes.offset(3), piece(3));
    ByteBuffer corrupt = piece(5);
    byte[] bytes = new byte[corrupt.remaining()];
    corrupt.get(bytes);
    bytes[100] ^= 1;
    writeUnrecorded(hashes.offset(5), ByteBuffer.wrap(bytes));

    try (PiecePartial partial = PiecePartial.open(dir, hashes)) {
      assertEquals(
          bits(0, 3), partial.verified(), "piece 3 verifies, 5 is corrupt, the rest holes");
    }
    try (PiecePartial partial = PiecePartial.open(dir, hashes)) {
      assertEquals(bits(0, 3), partial.verified(), "the recovered piece was recorded on close");
    }
  }

  private static BitSet bits(int... indexes) {
    BitSet bits = new BitSet();
    for (int index : indexes) {
      bits.set(index);
    }
    return bits;
  }
}
