package io.diztl.node.internal.piece;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.index.MerkleHasher;
import io.diztl.index.PieceHashes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PieceReceiverTest {

  private static final int PIECE = 128 * 1024;

  @TempDir Path dir;
  private final byte[] content = content(6 * PIECE + 777);
  private final PieceHashes hashes = hash(content);

  /** What the receiver told of each piece. */
  private record Received(int piece, boolean matched, ByteBuffer buffered) {}

  private final List<Received> received = new ArrayList<>();
  private final List<IOException> storeFailures = new ArrayList<>();
  private int endAt = Integer.MAX_VALUE;

  private final PieceReceiver.Pieces pieces =
      new PieceReceiver.Pieces() {
        @Override
        public boolean received(int piece, boolean matched, ByteBuffer buffered) {
          received.add(new Received(piece, matched, buffered == null ? null : copy(buffered)));
          return matched;
        }

        @Override
        public boolean goesOn(int piece) {
          return piece < endAt;
        }

        @Override
        public void storeFailed(IOException e) {
          storeFailures.add(e);
        }
      };

  private static byte[] content(int size) {
    byte[] bytes = new byte[size];
    new Random(11).nextBytes(bytes);
    return bytes;
  }

  private static PieceHashes hash(byte[] content) {
    MerkleHasher hasher = new MerkleHasher(content.length);
    hasher.update(ByteBuffer.wrap(content));
    return hasher.finish();
  }

  private static ByteBuffer copy(ByteBuffer bytes) {
    return ByteBuffer.allocate(bytes.remaining()).put(bytes.duplicate()).flip();
  }

  /** Bytes {@code [from, to)} of the content as a message in direct buffers of about 10 KiB. */
  private ByteBuffer[] message(long from, long to) {
    List<ByteBuffer> buffers = new ArrayList<>();
    for (long at = from; at < to; at += 10_000) {
      int size = (int) Math.min(10_000, to - at);
      buffers.add(ByteBuffer.allocateDirect(size).put(content, (int) at, size).flip());
    }
    return buffers.toArray(ByteBuffer[]::new);
  }

  private boolean send(PieceReceiver receiver, long from, long to) throws IOException {
    ByteBuffer[] message = message(from, to);
    return receiver.acceptAll(message, message.length);
  }

  private ByteBuffer inPart(long at, int length) throws IOException {
    try (FileChannel part = FileChannel.open(dir.resolve(hashes.rootHex() + ".part"))) {
      ByteBuffer bytes = ByteBuffer.allocate(length);
      part.read(bytes, at);
      return bytes.flip();
    }
  }

  private ByteBuffer content(long at, int length) {
    return ByteBuffer.wrap(content, (int) at, length);
  }

  @Test
  void piecesAreHashedAndWrittenIntoThePartAsTheirMessagesCome() throws IOException {
    try (PiecePartial partial = PiecePartial.open(dir, hashes)) {
      PieceReceiver receiver = new PieceReceiver(partial, "a", 1, 4, pieces);
      assertEquals(0, receiver.kept());
      long start = hashes.offset(1);
      // Messages that do not line up with pieces: 200,000 bytes each.
      assertTrue(send(receiver, start, start + 200_000));
      assertEquals(content(start, 200_000), inPart(start, 200_000), "in the part on return");
      assertEquals(List.of(1), received.stream().map(Received::piece).toList());
      assertTrue(send(receiver, start + 200_000, hashes.offset(4)));
      assertEquals(3, received.size());
      for (Received piece : received) {
        assertTrue(piece.matched());
        assertNull(piece.buffered(), "the part holds it as this stream wrote it");
        assertTrue(partial.keepWritten(piece.piece(), "a"));
      }
      assertEquals(4, receiver.piece());
      assertThrows(IOException.class, () -> send(receiver, hashes.offset(4), hashes.offset(4) + 1));
    }
  }

  @Test
  void aPieceAnotherStreamHoldsIsGatheredIntoABufferOfItsOwn() throws IOException {
    try (PiecePartial partial = PiecePartial.open(dir, hashes)) {
      assertTrue(partial.writeReceived(2, 0, content(hashes.offset(2), 5_000), "other"));
      PieceReceiver receiver = new PieceReceiver(partial, "a", 2, 3, pieces);
      assertEquals(0, receiver.kept(), "the other stream goes on with it");
      assertTrue(send(receiver, hashes.offset(2), hashes.offset(3)));
      Received piece = received.get(0);
      assertTrue(piece.matched());
      assertNotNull(piece.buffered());
      assertEquals(content(hashes.offset(2), PIECE), piece.buffered());
      assertFalse(partial.keepWritten(2, "a"));
      assertTrue(partial.write(2, piece.buffered(), "a"));
    }
  }

  @Test
  void aPieceVerifiedElsewhereMidwayIsNotWrittenAgain() throws IOException {
    try (PiecePartial partial = PiecePartial.open(dir, hashes)) {
      PieceReceiver receiver = new PieceReceiver(partial, "a", 0, 1, pieces);
      assertTrue(send(receiver, 0, 50_000));
      partial.write(0, content(0, PIECE), "other");
      // The rest comes corrupted: were it written, the verified piece would be lost.
      byte[] rest = new byte[PIECE - 50_000];
      receiver.accept(ByteBuffer.wrap(rest));
      assertEquals(1, received.size());
      assertNull(received.get(0).buffered());
      assertFalse(partial.keepWritten(0, "a"));
      assertEquals(content(0, PIECE), inPart(0, PIECE));
    }
  }

  @Test
  void aBadPieceIsToldAndEndsTheRequest() throws IOException {
    content[(int) hashes.offset(1) + 12_345] ^= 1;
    try (PiecePartial partial = PiecePartial.open(dir, hashes)) {
      PieceReceiver receiver = new PieceReceiver(partial, "a", 0, 3, pieces);
      assertFalse(send(receiver, 0, hashes.offset(3)));
      assertEquals(2, received.size(), "nothing after the bad piece");
      assertTrue(received.get(0).matched());
      assertFalse(received.get(1).matched());
      assertTrue(partial.verified().isEmpty(), "nothing counts before it is kept");
    }
  }

  @Test
  void goesOnFromTheStartOfThePieceThePartHolds() throws IOException {
    try (PiecePartial partial = PiecePartial.open(dir, hashes)) {
      assertTrue(partial.writeReceived(5, 0, content(hashes.offset(5), 70_000), "killed"));
      partial.release(5, "killed");
      PieceReceiver receiver = new PieceReceiver(partial, "a", 5, 7, pieces);
      assertEquals(70_000, receiver.kept());
      assertTrue(send(receiver, hashes.offset(5) + 70_000, hashes.size()));
      assertEquals(2, received.size());
      assertTrue(received.get(0).matched(), "the kept start and the rest are the piece");
      assertTrue(received.get(1).matched(), "the file's last, short piece");
      assertTrue(partial.keepWritten(5, "a"));
      assertTrue(partial.keepWritten(6, "a"));
    }
  }

  @Test
  void aRequestEndsAtAPieceItNoLongerHolds() throws IOException {
    endAt = 2;
    try (PiecePartial partial = PiecePartial.open(dir, hashes)) {
      PieceReceiver receiver = new PieceReceiver(partial, "a", 0, 4, pieces);
      assertFalse(send(receiver, 0, hashes.offset(4)));
      assertEquals(2, received.size());
      assertEquals(2, receiver.piece());
      assertTrue(storeFailures.isEmpty());
    }
  }
}
