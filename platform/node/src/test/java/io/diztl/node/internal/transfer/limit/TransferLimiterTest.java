package io.diztl.node.internal.transfer.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bucket4j.TimeMeter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The limiter on a fake clock: senders that pause as told hold the limits within 10%. */
class TransferLimiterTest {

  private static final long MIB = 1024 * 1024;
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private final FakeTime clock = new FakeTime();

  @Test
  void oneStreamHoldsThePerPeerLimit() {
    TransferLimiter limiter = new TransferLimiter(0, 2 * MIB, 0, clock);
    try (UploadPacer pacer = limiter.uploadTo("peer")) {
      long sent = sendFor(List.of(pacer), 30 * SECOND);
      assertRate(2 * MIB, sent, 30 * SECOND);
    }
  }

  @Test
  void streamsToSeveralPeersShareTheGlobalLimit() {
    TransferLimiter limiter = new TransferLimiter(3 * MIB, 0, 0, clock);
    List<UploadPacer> pacers =
        List.of(limiter.uploadTo("a"), limiter.uploadTo("b"), limiter.uploadTo("c"));
    long[] each = new long[3];
    long sent = sendFor(pacers, 30 * SECOND, each);
    assertRate(3 * MIB, sent, 30 * SECOND);
    for (long one : each) {
      assertRate(MIB, one, 30 * SECOND);
    }
  }

  @Test
  void streamsToOnePeerShareItsLimitWhileOthersGetTheirs() {
    TransferLimiter limiter = new TransferLimiter(0, MIB, 0, clock);
    List<UploadPacer> pacers =
        List.of(limiter.uploadTo("a"), limiter.uploadTo("a"), limiter.uploadTo("b"));
    long[] each = new long[3];
    sendFor(pacers, 30 * SECOND, each);
    assertRate(MIB, each[0] + each[1], 30 * SECOND);
    assertRate(MIB, each[2], 30 * SECOND);
    assertEquals(2, limiter.peerBuckets());
    pacers.forEach(UploadPacer::close);
    assertEquals(0, limiter.peerBuckets(), "a peer's bucket goes with its last stream");
  }

  @Test
  void theDownloadLimitHolds() {
    DownloadThrottle throttle = new TransferLimiter(0, 0, 4 * MIB, clock).downloads();
    long received = 0;
    long start = clock.nanos;
    while (clock.nanos - start < 20 * SECOND) {
      received += 256 * 1024;
      clock.nanos += throttle.received(256 * 1024);
    }
    assertRate(4 * MIB, received, clock.nanos - start);
  }

  @Test
  void aLimitedSenderSendsSmallChunksAndPausesAfterItsBurst() {
    TransferLimiter limiter = new TransferLimiter(4 * MIB, 0, 0, clock);
    try (UploadPacer pacer = limiter.uploadTo("peer")) {
      assertEquals(64 * 1024, pacer.chunkBytes((int) MIB), "1/64 s of the limit");
      assertEquals(0, pacer.sent(100 * 1024), "within the 25 ms burst");
      long pause = pacer.sent(64 * 1024);
      assertTrue(pause > 0, "past the burst");
      clock.nanos += pause;
      assertTrue(pacer.sent(1) > 0, "just paid back: the next byte waits again");
    }
    try (UploadPacer slow = new TransferLimiter(10_000, 0, 0, clock).uploadTo("peer")) {
      assertEquals(TransferLimiter.MIN_CHUNK_BYTES, slow.chunkBytes((int) MIB));
    }
  }

  @Test
  void noLimitsMeanNoPauses() {
    TransferLimiter limiter = TransferLimiter.unlimited();
    assertSame(UploadPacer.NONE, limiter.uploadTo("peer"));
    assertSame(DownloadThrottle.NONE, limiter.downloads());
    assertEquals((int) MIB, UploadPacer.NONE.chunkBytes((int) MIB));
  }

  private long sendFor(List<UploadPacer> pacers, long duration) {
    return sendFor(pacers, duration, new long[pacers.size()]);
  }

  /**
   * Runs senders of 64 KiB chunks that each pause as told, the clock jumping to the next one due,
   * as a scheduler would run them; returns the bytes sent by all, {@code each} those of each.
   */
  private long sendFor(List<UploadPacer> pacers, long duration, long[] each) {
    long start = clock.nanos;
    long[] due = new long[pacers.size()];
    java.util.Arrays.fill(due, start);
    long total = 0;
    while (true) {
      int next = 0;
      for (int i = 1; i < due.length; i++) {
        if (due[i] < due[next]) {
          next = i;
        }
      }
      if (due[next] - start >= duration) {
        return total;
      }
      clock.nanos = due[next];
      int chunk = pacers.get(next).chunkBytes(64 * 1024);
      each[next] += chunk;
      total += chunk;
      due[next] = clock.nanos + pacers.get(next).sent(chunk);
    }
  }

  private static void assertRate(long limit, long bytes, long nanos) {
    double rate = bytes * (double) SECOND / nanos;
    assertTrue(
        Math.abs(rate - limit) <= limit * 0.10,
        "expected " + limit + " B/s within 10%, found " + (long) rate);
  }

  private static final class FakeTime implements TimeMeter {
    long nanos = 1_000_000_000L;

    @Override
    public long currentTimeNanos() {
      return nanos;
    }

    @Override
    public boolean isWallClockBased() {
      return false;
    }
  }
}
