package io.diztl.node.internal.piece;

import io.diztl.index.PieceHashes;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the missing pieces of one partial from several sources at once: one thread per source
 * asks the {@link PieceScheduler} what to fetch and streams that range straight into the part,
 * hashing each piece as it comes (a {@link PieceReceiver}: a kill keeps what was received, see
 * {@link PiecePartial#writeReceived}), and counts only verified pieces. A bad piece strikes its
 * source and goes to another; a busy source waits its turn; a lost source's pieces go to the
 * others. The record of verified pieces is synced in the background, off the data path.
 *
 * <p>Sources with the same {@link PieceSource#id() id} are streams from one node (each over its own
 * connection, say): each stream gets its own range and thread, and the node's streams share its
 * strikes.
 */
public final class SwarmDownload {

  private static final Logger LOG = LoggerFactory.getLogger(SwarmDownload.class);

  /** The most bytes handed out to a source in one request. */
  static final long RUN_BYTES = 8L << 20;

  /**
   * About how long one request takes at its source's speed (see {@link PieceScheduler}): what a
   * source was asked for is all it may send ahead of what is verified, so a receiver killed midway
   * loses at most this long of each source's data, while a request still lasts many round trips.
   */
  static final Duration RUN_TIME = Duration.ofMillis(50);

  /** How long a stopped download waits for each of its sources to notice. */
  private static final Duration STOP_WAIT = Duration.ofSeconds(5);

  /** The longest a source sleeps before it asks the scheduler again. */
  private static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final PiecePartial partial;
  private final PieceHashes hashes;
  private final List<Stream> streams;
  private final PieceScheduler scheduler;
  private final long syncNanos;
  private final LongSupplier clock;
  private final Listener listener;
  private final AtomicLong verifiedBytes;

  /** What was missing when the download began: neither verified nor a kept start of a piece. */
  private final long missingAtStart;

  /** Every byte the sources sent, counted as it came. */
  private final AtomicLong receivedBytes = new AtomicLong();

  private final AtomicReference<IOException> storeFailure = new AtomicReference<>();
  private final List<Thread> workers = new CopyOnWriteArrayList<>();
  private final UnaryOperator<Runnable> wrap;
  private final AtomicBoolean syncing = new AtomicBoolean();

  /** Pieces being received on top of a start the part held, not yet checked: by which stream. */
  private final Map<Integer, String> onPrefix = new ConcurrentHashMap<>();

  private volatile Thread syncer;
  private volatile boolean stopped;
  private volatile long finalSyncNanos;
  private long syncedAt;

  /** Hears of progress; called from the sources' threads. */
  public interface Listener {
    /** {@code verified} of {@code size} bytes are verified and stored. */
    void progress(long verified, long size);

    /**
     * {@code source} was struck for a bad piece or had a request fail: it now has {@code strikes}
     * and is {@code dropped} when it will not be asked again.
     */
    default void health(String source, int strikes, boolean dropped) {}
  }

  /**
   * A download into {@code partial} from {@code sources}; the record of verified pieces is written
   * at most every {@code syncEvery}, and at the end.
   */
  public SwarmDownload(
      PiecePartial partial,
      List<PieceSource> sources,
      Duration syncEvery,
      LongSupplier clock,
      Listener listener) {
    this(partial, sources, syncEvery, clock, listener, UnaryOperator.identity());
  }

  /**
   * As above, each source's work wrapped by {@code wrap} (to run it in the caller's gRPC context,
   * say, so that cancelling that context cancels the requests).
   */
  public SwarmDownload(
      PiecePartial partial,
      List<PieceSource> sources,
      Duration syncEvery,
      LongSupplier clock,
      Listener listener,
      UnaryOperator<Runnable> wrap) {
    this.wrap = wrap;
    this.partial = partial;
    this.hashes = partial.hashes();
    this.streams = streams(sources, hashes.pieceSize());
    this.syncNanos = syncEvery.toNanos();
    this.clock = clock;
    this.listener = listener;
    int run = (int) Math.max(1, RUN_BYTES / hashes.pieceSize());
    this.scheduler =
        new PieceScheduler(
            hashes.count(),
            partial.verified(),
            run,
            RUN_TIME.toNanos(),
            PieceScheduler.SLOW_BYTES_PER_SECOND,
            clock);
    scheduler.startRunsAt(partial.prefixed());
    this.verifiedBytes = new AtomicLong(partial.verifiedBytes());
    this.missingAtStart = hashes.size() - partial.verifiedBytes() - partial.prefixBytes();
    this.syncedAt = clock.getAsLong();
    for (Stream stream : streams) {
      scheduler.add(stream.key(), stream.source().id());
    }
  }

  /** One stream from a source: its key in the scheduler and what it fetches through. */
  private record Stream(String key, PieceSource source, SlowParts slowParts) {}

  /**
   * The sources as streams: a source whose id no other has is keyed by its id, the streams of one
   * node by {@code id#1}, {@code id#2}, and so on.
   */
  private static List<Stream> streams(List<PieceSource> sources, int pieceSize) {
    Map<String, Integer> counts = new HashMap<>();
    sources.forEach(source -> counts.merge(source.id(), 1, Integer::sum));
    Map<String, Integer> seen = new HashMap<>();
    List<Stream> streams = new ArrayList<>();
    for (PieceSource source : sources) {
      String id = source.id();
      int number = seen.merge(id, 1, Integer::sum);
      streams.add(
          new Stream(
              counts.get(id) == 1 ? id : id + "#" + number, source, new SlowParts(pieceSize)));
    }
    return List.copyOf(streams);
  }

  /** Stops the download from any thread: {@link #run()} ends, keeping what was verified. */
  public void stop() {
    // No interrupts: one in the middle of a write would close the partial's channel for all.
    stopped = true;
  }

  /** How long the last sync of {@link #run()} took (what the background syncs left to do). */
  public Duration finalSync() {
    return Duration.ofNanos(finalSyncNanos);
  }

  /**
   * The bytes received beyond what was missing when the download began: pieces fetched twice (the
   * endgame, a source that lagged), bad pieces fetched again, and kept starts that did not verify.
   * Meaningful once {@link #run()} returned.
   */
  public long surplusBytes() {
    return Math.max(0, receivedBytes.get() - missingAtStart);
  }

  /** The scheduler, for listings (strikes, dropped sources). */
  public PieceScheduler scheduler() {
    return scheduler;
  }

  /**
   * Runs until every piece is verified and recorded on disk.
   *
   * @throws IOException when every source was dropped or the partial cannot be written
   * @throws InterruptedIOException when interrupted; what was verified is kept
   */
  public void run() throws IOException {
    listener.progress(verifiedBytes.get(), hashes.size());
    for (Stream stream : streams) {
      workers.add(
          Thread.ofVirtual()
              .name("diztl-piece-" + stream.key())
              .unstarted(wrap.apply(() -> work(stream))));
    }
    workers.forEach(Thread::start);
    try {
      for (Thread worker : workers) {
        worker.join();
      }
    } catch (InterruptedException e) {
      stop();
      awaitWorkers();
      Thread.currentThread().interrupt();
    }
    awaitSyncer();
    if (stopped && storeFailure.get() == null) {
      partial.sync();
      throw new InterruptedIOException("download stopped; verified pieces are kept");
    }
    long syncStart = clock.getAsLong();
    partial.sync();
    finalSyncNanos = clock.getAsLong() - syncStart;
    IOException failed = storeFailure.get();
    if (failed != null) {
      throw failed;
    }
    if (!scheduler.isDone()) {
      throw new IOException(
          "every source failed or sent bad data; "
              + scheduler.verifiedPieces().cardinality()
              + " of "
              + hashes.count()
              + " pieces verified and kept");
    }
  }

  /** Waits a bounded time for the stopped workers, which end at their next chunk or claim. */
  private void awaitWorkers() {
    for (Thread worker : workers) {
      boolean interrupted = false;
      while (true) {
        try {
          worker.join(STOP_WAIT);
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Waits for a background sync still running, so that the final one comes after it. */
  private void awaitSyncer() {
    Thread running = syncer;
    if (running == null) {
      return;
    }
    boolean interrupted = false;
    while (true) {
      try {
        running.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Fetches what the scheduler gives {@code stream}, then closes its source. */
  private void work(Stream stream) {
    try {
      claimAndFetch(stream);
    } finally {
      stream.source().close();
    }
  }

  private void claimAndFetch(Stream stream) {
    String id = stream.key();
    while (!stopped && storeFailure.get() == null) {
      Claim claim = scheduler.claim(id);
      switch (claim.kind()) {
        case DONE, DROPPED -> {
          return;
        }
        case WAIT -> {
          try {
            TimeUnit.NANOSECONDS.sleep(Math.min(claim.waitNanos(), MAX_WAIT_NANOS));
          } catch (InterruptedException e) {
            return;
          }
        }
        case FETCH -> fetch(stream, claim);
      }
    }
  }

  /**
   * Fetches the pieces of one claim in one request, checking and storing each piece as its bytes
   * come (a {@link PieceReceiver}), ending the request early at the first piece the scheduler says
   * this source no longer holds; gives back what it did not get. The bytes go into the part as they
   * come ({@link PiecePartial#writeReceived}), so that a process killed midway keeps them; a first
   * piece whose start the part holds is asked for from there on.
   */
  private void fetch(Stream stream, Claim claim) {
    PieceSource source = stream.source();
    String id = stream.key();
    int end = claim.first() + claim.count();
    PieceReceiver receiver = new PieceReceiver(partial, id, claim.first(), end, pieces(id));
    int kept = receiver.kept();
    if (kept > 0) {
      onPrefix.put(claim.first(), id);
    }
    // A slow node is asked for a piece in parts, one after the other (see SlowParts).
    boolean slow = scheduler.isSlow(id);
    long offset = hashes.offset(claim.first()) + kept;
    long length = hashes.offset(end - 1) + hashes.length(end - 1) - offset;
    long[] received = {0};
    boolean[] goOn = {true};
    // Of the part being received: its first bytes and when they came.
    long[] first = {0, 0};
    // The next part to ask for (its offset and size, 0 when none) once the one coming is in up to
    // the third value, its middle.
    long[] ahead = {0, 0, 0};
    PieceSource.Sink sink =
        new PieceSource.Sink() {
          @Override
          public boolean accept(ByteBuffer chunk) throws IOException {
            return acceptAll(new ByteBuffer[] {chunk}, 1);
          }

          @Override
          public boolean acceptAll(ByteBuffer[] chunks, int count) throws IOException {
            long bytes = 0;
            for (int i = 0; i < count; i++) {
              bytes += chunks[i].remaining();
            }
            if (first[0] == 0) {
              first[0] = bytes;
              first[1] = clock.getAsLong();
            }
            received[0] += bytes;
            receivedBytes.addAndGet(bytes);
            goOn[0] = receiver.acceptAll(chunks, count) && !stopped;
            if (goOn[0] && ahead[1] > 0 && offset + received[0] >= ahead[2]) {
              // Half the part is in: the next one is asked for now, so that the node sends it
              // right after this one, while little of it is on its way at any time.
              source.askAhead(ahead[0], ahead[1]);
              ahead[1] = 0;
            }
            return goOn[0];
          }
        };
    try {
      long rangeEnd = offset + length;
      // The part asked for ahead, while the one before it came: its size, or 0.
      long askedAhead = 0;
      // No further part of a piece that another source's copy completed (an endgame's double).
      for (long at = offset;
          at < rangeEnd
              && goOn[0]
              && !stopped
              && (!slow || scheduler.holds(id, receiver.piece())); ) {
        long part =
            askedAhead > 0
                ? askedAhead
                : Math.min(slow ? stream.slowParts().bytes() : length, rangeEnd - at);
        boolean wasAskedAhead = askedAhead > 0;
        askedAhead = 0;
        ahead[1] = 0;
        if (slow && at + part < rangeEnd) {
          if (!wasAskedAhead) {
            source.askAhead(at, part);
          }
          askedAhead = Math.min(stream.slowParts().bytes(), rangeEnd - at - part);
          ahead[0] = at + part;
          ahead[1] = askedAhead;
          ahead[2] = at + part / 2;
        }
        long before = received[0];
        first[0] = 0;
        long askedAt = clock.getAsLong();
        source.fetch(at, part, sink);
        // A part asked for ahead came without a wait of its own: it tells nothing of the way.
        if (slow && first[0] > 0 && !wasAskedAhead) {
          stream
              .slowParts()
              .measured(
                  received[0] - before, first[0], first[1] - askedAt, clock.getAsLong() - first[1]);
        }
        at += part;
        if (offset + received[0] < at) {
          break; // the source took no more (the check below tells why)
        }
      }
      int piece = receiver.piece();
      if (piece < end && scheduler.holds(id, piece) && !stopped) {
        LOG.debug("{} ended its answer at piece {} of {}..{}", id, piece, claim.first(), end);
        scheduler.failed(id);
        tellHealth(id);
      }
    } catch (PieceSource.Busy e) {
      LOG.debug("{} is busy: {}", id, e.getMessage());
      scheduler.busy(id, e.retryAfter());
    } catch (IOException e) {
      LOG.debug("Fetching from {} failed: {}", id, e.toString());
      scheduler.failed(id);
      tellHealth(id);
    } finally {
      // What this stream began and did not verify is free for another to go on with.
      for (int p = claim.first(); p < end; p++) {
        partial.release(p, id);
        onPrefix.remove(p, id);
      }
      // Pieces verified or struck are no longer in flight: this gives back only the others.
      scheduler.unclaim(id, IntStream.range(claim.first(), end).boxed().toList());
    }
  }

  /** What a stream's receiver does with each piece: checks, stores and counts it. */
  private PieceReceiver.Pieces pieces(String id) {
    return new PieceReceiver.Pieces() {
      @Override
      public boolean received(int piece, boolean matched, ByteBuffer buffered) throws IOException {
        return complete(id, piece, matched, buffered);
      }

      @Override
      public boolean goesOn(int piece) {
        // Taken over by another source or verified from one: the request ends here.
        return !stopped && scheduler.holds(id, piece);
      }

      @Override
      public void storeFailed(IOException e) {
        storeFailure.compareAndSet(null, e);
        stopped = true;
      }
    };
  }

  private void tellHealth(String id) {
    listener.health(id, scheduler.strikes(id), scheduler.isDropped(id));
  }

  /**
   * Checks and stores one piece received whole, which {@code matched} its hash or not and which
   * {@code buffered} holds when the part does not; false when it was bad (the source is struck and
   * its request stops).
   */
  private boolean complete(String id, int piece, boolean matched, ByteBuffer buffered)
      throws IOException {
    if (!scheduler.isMissing(piece)) {
      scheduler.unclaim(id, List.of(piece)); // another source's copy came first
      return true;
    }
    boolean onStart = onPrefix.remove(piece, id);
    if (!matched) {
      if (onStart) {
        // The start the part held was not good (or not all there): not this source's fault.
        LOG.info(
            "Piece {} failed verification on the start the part held; fetching it whole", piece);
        partial.forgetPrefix(piece);
        scheduler.unclaim(id, List.of(piece));
        return true;
      }
      LOG.info("Piece {} from {} failed verification; fetching it elsewhere", piece, id);
      scheduler.corrupt(id, piece);
      tellHealth(id);
      return false;
    }
    boolean stored;
    try {
      stored =
          buffered != null ? partial.write(piece, buffered, id) : partial.keepWritten(piece, id);
    } catch (IOException e) {
      storeFailure.compareAndSet(null, e);
      stopped = true;
      throw e;
    }
    if (!stored) {
      scheduler.unclaim(id, List.of(piece)); // verified from another source's copy meanwhile
      return true;
    }
    if (scheduler.verified(id, piece, hashes.length(piece))) {
      listener.progress(verifiedBytes.addAndGet(hashes.length(piece)), hashes.size());
    }
    syncNowAndThen();
    return true;
  }

  /**
   * Starts a sync of the record in the background when the last one is {@code syncEvery} old and
   * none is running (the pieces verified meanwhile go into the next one, or the final one).
   */
  private void syncNowAndThen() {
    long now = clock.getAsLong();
    synchronized (this) {
      if (now - syncedAt < syncNanos || !syncing.compareAndSet(false, true)) {
        return;
      }
      syncedAt = now;
    }
    syncer =
        Thread.ofVirtual()
            .name("diztl-piece-sync")
            .start(
                () -> {
                  try {
                    partial.sync();
                  } catch (IOException e) {
                    storeFailure.compareAndSet(null, e);
                    stopped = true;
                  } finally {
                    syncing.set(false);
                  }
                });
  }
}
