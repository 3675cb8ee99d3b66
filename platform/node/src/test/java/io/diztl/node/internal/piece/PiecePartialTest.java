package io.diztl.node.internal.piece;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.index.MerkleHasher;
import io.diztl.index.PieceHashes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
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

  private ByteBuffer bytesOf(int index, int from, int length) {
    return ByteBuffer.wrap(content, (int) hashes.offset(index) + from, length);
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

  @Test
  void keepsTheReceivedStartOfAnUnfinishedPieceUpToItsLastNonZeroByte() throws IOException {
    ByteBuffer start = piece(2).limit((int) hashes.offset(2) + 50_000);
    byte[] received = new byte[60_000];
    start.get(received, 0, 50_000); // then 10,000 zeros: read as never written
    try (PiecePartial partial = PiecePartial.open(dir, hashes)) {
      assertTrue(partial.writeReceived(2, 0, ByteBuffer.wrap(received, 0, 30_000), "a"));
      assertTrue(partial.writeReceived(2, 30_000, ByteBuffer.wrap(received, 30_000, 30_000), "a"));
      assertEquals(60_000, partial.prefix(2));
      assertEquals(new BitSet(), partial.verified(), "received bytes are not verified ones");
    }
    try (PiecePartial partial = PiecePartial.open(dir, hashes)) {
      assertEquals(new BitSet(), partial.verified());
      assertEquals(bits(2), partial.prefixed());
      assertEquals(50_000, partial.prefixBytes());
      ByteBuffer into = ByteBuffer.allocate(PIECE);
      assertEquals(50_000, partial.takePrefix(2, "b", into));
      assertEquals(50_000, into.position());
      assertEquals(piece(2).limit((int) hashes.offset(2) + 50_000), into.flip());
      assertEquals(0, partial.takePrefix(2, "c", ByteBuffer.allocate(PIECE)), "b holds it");
    }
  }

  @Test
  void onlyThePiecesHolderWritesReceivedBytesInOrderAndNeverOverAVerifiedPiece()
      throws IOException {
    byte[] bad = new byte[1000];
    Arrays.fill(bad, (byte) 7);
    try (PiecePartial partial = PiecePartial.open(dir, hashes)) {
      assertTrue(partial.writeReceived(4, 0, bytesOf(4, 0, 1000), "a"));
      assertFalse(partial.writeReceived(4, 0, ByteBuffer.wrap(bad), "b"), "a holds it");
      assertFalse(partial.writeReceived(4, 2000, bytesOf(4, 2000, 1000), "a"), "out of order");
      assertFalse(partial.writeReceived(5, 1000, ByteBuffer.wrap(bad), "b"), "not from its start");
      assertTrue(partial.write(4, piece(4), "b"), "b's verified copy is written whole");
      assertFalse(partial.writeReceived(4, 1000, ByteBuffer.wrap(bad), "a"), "verified");
      assertFalse(partial.write(4, piece(4), "a"), "verified already");
    }
    try (PiecePartial partial = PiecePartial.open(dir, hashes)) {
      assertEquals(bits(4), partial.verified());
    }
  }

  @Test
  void aGatheringWriteOfTheWholePieceIsKeptAsWrittenOnceVerified() throws IOException {
    try (PiecePartial partial = PiecePartial.open(dir, hashes)) {
      ByteBuffer[] buffers = {bytesOf(3, 0, 1000), bytesOf(3, 1000, 50_000), bytesOf(3, 51_000, 9)};
      assertTrue(partial.writeReceived(3, 0, buffers, 3, "a"));
      assertFalse(partial.keepWritten(3, "a"), "not all of it is written");
      int rest = hashes.length(3) - 51_009;
      ByteBuffer[] more = {bytesOf(3, 51_009, rest - 5), bytesOf(3, 51_009 + rest - 5, 5)};
      assertFalse(partial.writeReceived(3, 0, more, 2, "b"), "a holds it");
      assertTrue(partial.writeReceived(3, 51_009, more, 2, "a"));
      assertFalse(partial.keepWritten(3, "b"), "b did not write it");
      assertTrue(partial.keepWritten(3, "a"));
      assertFalse(partial.keepWritten(3, "a"), "verified already");
    }
    try (PiecePartial partial = PiecePartial.open(dir, hashes)) {
      assertEquals(bits(3), partial.verified(), "recorded, and the part holds the piece");
    }
    try (FileChannel part = FileChannel.open(dir.resolve(hashes.rootHex() + ".part"))) {
      ByteBuffer written = ByteBuffer.allocate(hashes.length(3));
      part.read(written, hashes.offset(3));
      assertEquals(piece(3), written.flip());
    }
  }

  @Test
  void aReleasedPieceIsTakenOverFromWhatItsHolderWrote() throws IOException {
    try (PiecePartial partial = PiecePartial.open(dir, hashes)) {
      partial.writeReceived(1, 0, bytesOf(1, 0, 1000), "a");
      assertEquals(0, partial.takePrefix(1, "b", ByteBuffer.allocate(PIECE)), "a holds it");
      partial.release(1, "a");
      ByteBuffer into = ByteBuffer.allocate(PIECE);
      assertEquals(1000, partial.takePrefix(1, "b", into));
      into.limit(hashes.length(1));
      ByteBuffer rest = bytesOf(1, 1000, hashes.length(1) - 1000);
      assertTrue(partial.writeReceived(1, 1000, rest, "b"));
      into.put(rest);
      assertTrue(partial.write(1, into.flip(), "b"));
      assertEquals(0, partial.prefix(1), "verified: no start of it is kept");
    }
    try (PiecePartial partial = PiecePartial.open(dir, hashes)) {
      assertEquals(bits(1), partial.verified());
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
