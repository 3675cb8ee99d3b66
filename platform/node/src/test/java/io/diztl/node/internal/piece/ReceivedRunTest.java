package io.diztl.node.internal.piece;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReceivedRunTest {

  private record Write(int piece, int at, int length, byte first) {}

  private final List<Write> writes = new ArrayList<>();
  private final AtomicLong now = new AtomicLong(1_000);
  private boolean storeWorks = true;
  private final ReceivedRun.Store store =
      (piece, at, bytes) -> {
        writes.add(new Write(piece, at, bytes.remaining(), bytes.get(bytes.position())));
        return storeWorks;
      };
  private final ReceivedRun run = new ReceivedRun(store, now::get, false);

  @Test
  void holdsNetworkBuffersUntilARunIsFullThenWritesThemAtOnce() {
    ByteBuffer piece = ByteBuffer.allocate(1 << 20);
    run.begin(7, 0);
    for (int i = 0; i < 16; i++) {
      assertTrue(run.received(piece.put(chunk(16 * 1024, (byte) i))));
    }
    assertEquals(List.of(new Write(7, 0, ReceivedRun.RUN_BYTES, (byte) 0)), writes);
    assertTrue(run.received(piece.put(chunk(16 * 1024, (byte) 16))));
    assertEquals(1, writes.size(), "the next run has only begun");
  }

  @Test
  void writesARunWhoseFirstByteWaitedTooLongWhenTheNextArrives() {
    ByteBuffer piece = ByteBuffer.allocate(1 << 20);
    run.begin(0, 0);
    assertTrue(run.received(piece.put(chunk(100, (byte) 1))));
    now.addAndGet(ReceivedRun.RUN_NANOS - 1);
    assertTrue(run.received(piece.put(chunk(100, (byte) 2))));
    assertTrue(writes.isEmpty());
    now.addAndGet(1);
    assertTrue(run.received(piece.put(chunk(100, (byte) 3))));
    assertEquals(List.of(new Write(0, 0, 300, (byte) 1)), writes);
  }

  @Test
  void aSlowNodesStreamWritesEachBufferAsItComes() {
    ReceivedRun atOnce = new ReceivedRun(store, now::get, true);
    ByteBuffer piece = ByteBuffer.allocate(1 << 20);
    atOnce.begin(2, 0);
    assertTrue(atOnce.received(piece.put(chunk(16 * 1024, (byte) 1))));
    assertTrue(atOnce.received(piece.put(chunk(16 * 1024, (byte) 2))));
    assertEquals(
        List.of(new Write(2, 0, 16 * 1024, (byte) 1), new Write(2, 16 * 1024, 16 * 1024, (byte) 2)),
        writes,
        "no time passed, yet nothing is held");
  }

  @Test
  void writesTheRestOfAPieceOnceItIsComplete() {
    ByteBuffer piece = ByteBuffer.allocate(1000);
    run.begin(3, 0);
    assertTrue(run.received(piece.put(chunk(600, (byte) 1))));
    assertTrue(run.received(piece.put(chunk(400, (byte) 2))));
    assertEquals(List.of(new Write(3, 0, 1000, (byte) 1)), writes);
  }

  @Test
  void startsAfterWhatThePartHeldAndFlushesWhatItHoldsAtTheEnd() {
    ByteBuffer piece = ByteBuffer.allocate(1000);
    piece.put(chunk(200, (byte) 9)); // the start the part kept
    run.begin(5, 200);
    assertTrue(run.received(piece.put(chunk(50, (byte) 4))));
    assertTrue(writes.isEmpty());
    assertTrue(run.flush(piece));
    assertTrue(run.flush(piece), "nothing more to write");
    assertEquals(List.of(new Write(5, 200, 50, (byte) 4)), writes);
  }

  @Test
  void aNewPieceStartsFromItsFirstByte() {
    ByteBuffer first = ByteBuffer.allocate(100);
    run.begin(0, 0);
    assertTrue(run.received(first.put(chunk(100, (byte) 1))));
    ByteBuffer second = ByteBuffer.allocate(100);
    run.begin(1, 0);
    assertTrue(run.received(second.put(chunk(10, (byte) 2))));
    assertTrue(run.flush(second));
    assertEquals(List.of(new Write(0, 0, 100, (byte) 1), new Write(1, 0, 10, (byte) 2)), writes);
  }

  @Test
  void tellsTheCallerWhenTheStoreFailed() {
    storeWorks = false;
    ByteBuffer piece = ByteBuffer.allocate(100);
    run.begin(0, 0);
    assertFalse(run.received(piece.put(chunk(100, (byte) 1))));
  }

  private static ByteBuffer chunk(int length, byte value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, value);
    return ByteBuffer.wrap(bytes);
  }
}
