package io.diztl.node.internal.piece;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/** A source serving a byte array in small chunks, with faults to order; counts what it sent. */
final class FakeSource implements PieceSource {

  private static final int CHUNK = 40_000;

  private final String id;
  private final byte[] content;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger busyAnswers = new AtomicInteger();
  private Set<Long> corruptOffsets = Set.of();
  private long dieAfter = Long.MAX_VALUE;
  private BooleanSupplier startWhen = () -> true;
  private long stopAfter = Long.MAX_VALUE;
  private long failOnceAfter = Long.MAX_VALUE;
  private Runnable stop = () -> {};
  private long onceAfter = Long.MAX_VALUE;
  private Runnable once = () -> {};
  private AtomicLong clock = new AtomicLong();
  private long nanosPerByte;
  private final List<long[]> asked = new CopyOnWriteArrayList<>();
  private final List<long[]> askedAhead = new CopyOnWriteArrayList<>();

  /** The fetch under way: its offset, length and the bytes handed to its sink so far; or null. */
  private volatile long[] fetching;

  FakeSource(String id, byte[] content) {
    this.id = id;
    this.content = content;
  }

  /** Flips a byte at each of these offsets whenever it sends them. */
  FakeSource corrupting(Set<Long> offsets) {
    this.corruptOffsets = offsets;
    return this;
  }

  /** Fails every request once it has sent {@code bytes} in all. */
  FakeSource dyingAfter(long bytes) {
    this.dieAfter = bytes;
    return this;
  }

  /** Answers busy to the first {@code answers} requests. */
  FakeSource busyFor(int answers) {
    busyAnswers.set(answers);
    return this;
  }

  /** Holds every request until {@code condition} holds. */
  FakeSource startingWhen(BooleanSupplier condition) {
    this.startWhen = condition;
    return this;
  }

  /**
   * Runs {@code action} once it has sent {@code bytes} in all, at the end of a chunk, and ends that
   * request there (as a receiver that stops, or is killed, right after it).
   */
  FakeSource stoppingAfter(long bytes, Runnable action) {
    this.stopAfter = bytes;
    this.stop = action;
    return this;
  }

  /** Runs {@code action} once, when it has sent {@code bytes} in all, and serves on. */
  FakeSource onceAfter(long bytes, Runnable action) {
    this.onceAfter = bytes;
    this.once = action;
    return this;
  }

  /** Fails the request under way once, when it has sent {@code bytes} in all, then serves on. */
  FakeSource failingOnceAfter(long bytes) {
    this.failOnceAfter = bytes;
    return this;
  }

  /** Moves {@code clock} on by {@code nanos} for each byte it sends: a source of that speed. */
  FakeSource tickingPerByte(AtomicLong clock, long nanos) {
    this.clock = clock;
    this.nanosPerByte = nanos;
    return this;
  }

  /**
   * The requests it was asked, each as the clock's time then, the length asked for and the offset.
   */
  List<long[]> asked() {
    return List.copyOf(asked);
  }

  /**
   * The ranges asked for ahead of their fetch, each as its offset and length, then the offset,
   * length and bytes handed over so far of the fetch under way when it was asked (-1 when none).
   */
  List<long[]> askedAhead() {
    return List.copyOf(askedAhead);
  }

  long sent() {
    return sent.get();
  }

  /** How many requests it was asked, counted before they wait for {@link #startingWhen}. */
  int requests() {
    return requests.get();
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public void askAhead(long offset, long length) {
    long[] under = fetching;
    askedAhead.add(
        under == null
            ? new long[] {offset, length, -1, -1, -1}
            : new long[] {offset, length, under[0], under[1], under[2]});
  }

  @Override
  public void fetch(long offset, long length, Sink sink) throws IOException {
    requests.incrementAndGet();
    asked.add(new long[] {clock.get(), length, offset});
    while (!startWhen.getAsBoolean()) {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        throw new java.io.InterruptedIOException();
      }
    }
    if (busyAnswers.getAndDecrement() > 0) {
      throw new Busy(id + " has no upload slot free", Duration.ofMillis(10));
    }
    long[] under = {offset, length, 0};
    fetching = under;
    try {
      send(offset, length, sink, under);
    } finally {
      fetching = null;
    }
  }

  private void send(long offset, long length, Sink sink, long[] under) throws IOException {
    for (long at = offset; at < offset + length; at += CHUNK) {
      int size = (int) Math.min(CHUNK, offset + length - at);
      if (sent.get() + size > dieAfter) {
        throw new IOException(id + " went away");
      }
      byte[] chunk = new byte[size];
      System.arraycopy(content, (int) at, chunk, 0, size);
      for (long bad : corruptOffsets) {
        if (bad >= at && bad < at + size) {
          chunk[(int) (bad - at)] ^= 1;
        }
      }
      long total = sent.addAndGet(size);
      clock.addAndGet(size * nanosPerByte);
      under[2] += size;
      if (!sink.accept(ByteBuffer.wrap(chunk))) {
        return;
      }
      if (total >= onceAfter) {
        onceAfter = Long.MAX_VALUE;
        once.run();
      }
      if (total >= failOnceAfter) {
        failOnceAfter = Long.MAX_VALUE;
        throw new IOException(id + " lost its connection");
      }
      if (total >= stopAfter) {
        stop.run();
        return;
      }
    }
  }
}
