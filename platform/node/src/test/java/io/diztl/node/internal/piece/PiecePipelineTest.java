package io.diztl.node.internal.piece;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Pieces are checked on the pipeline's thread, in order, each exactly once. */
class PiecePipelineTest {

  @Test
  void everyPieceIsCheckedOnceInOrderOnTheSecondThread() throws IOException {
    List<String> checked = new CopyOnWriteArrayList<>();
    Thread caller = Thread.currentThread();
    try (PiecePipeline pipeline =
        new PiecePipeline(
            4,
            (piece, data) -> {
              assertNotSame(caller, Thread.currentThread());
              checked.add(piece + ":" + data.remaining() + ":" + data.get(data.position()));
              return true;
            },
            "test-check")) {
      ByteBuffer first = pipeline.buffer();
      for (int piece = 0; piece < 10; piece++) {
        ByteBuffer buffer = pipeline.buffer();
        buffer.limit(piece == 9 ? 2 : 4);
        while (buffer.hasRemaining()) {
          buffer.put((byte) piece);
        }
        assertTrue(pipeline.submit(piece));
      }
      pipeline.drain();
      assertEquals(10, checked.size());
      for (int piece = 0; piece < 10; piece++) {
        assertEquals(piece + ":" + (piece == 9 ? 2 : 4) + ":" + piece, checked.get(piece));
      }
      // Two buffers take turns: no buffer per piece.
      Set<ByteBuffer> buffers = Collections.newSetFromMap(new IdentityHashMap<>());
      buffers.add(first);
      for (int piece = 10; piece < 16; piece++) {
        buffers.add(pipeline.buffer());
        pipeline.buffer().put((byte) piece);
        pipeline.submit(piece);
      }
      pipeline.drain();
      assertEquals(2, buffers.size());
    }
  }

  @Test
  void aBadPieceDropsTheRestOfItsRequestButNotTheNext() throws IOException {
    List<Integer> checked = new CopyOnWriteArrayList<>();
    try (PiecePipeline pipeline =
        new PiecePipeline(
            1,
            (piece, data) -> {
              checked.add(piece);
              return piece != 2;
            },
            "test-check")) {
      boolean going = true;
      int piece = 0;
      while (going && piece < 50) {
        pipeline.buffer().put((byte) 0);
        going = pipeline.submit(piece++);
      }
      pipeline.drain();
      assertFalse(going, "the request stops once the bad piece is seen");
      assertEquals(List.of(0, 1, 2), checked, "nothing after the bad piece is checked");

      pipeline.buffer().put((byte) 0);
      assertTrue(pipeline.submit(60), "a new request starts clean");
      pipeline.drain();
      assertEquals(60, checked.getLast());
    }
  }

  @Test
  void aStoreFailureReachesTheReceivingThread() {
    IOException disk = new IOException("disk full");
    PiecePipeline pipeline =
        new PiecePipeline(
            1,
            (piece, data) -> {
              throw disk;
            },
            "test-check");
    try (pipeline) {
      pipeline.buffer().put((byte) 1);
      IOException thrown =
          assertThrows(
              IOException.class,
              () -> {
                pipeline.submit(0);
                pipeline.drain();
              });
      assertSame(disk, thrown);
      assertThrows(IOException.class, () -> pipeline.submit(1));
    }
  }
}
