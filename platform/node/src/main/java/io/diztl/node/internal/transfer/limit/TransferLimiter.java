package io.diztl.node.internal.transfer.limit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The bandwidth limits of one node as token buckets (Bucket4j): one for all uploads, one per peer
 * it uploads to, one for all downloads. A stream takes what it moved from its buckets even when
 * they are empty, running them into debt, and pauses until the debt is paid back: the rate over any
 * stretch longer than a chunk's worth holds, and several streams share a limit in turn.
 * Thread-safe; nothing in it blocks.
 */
public final class TransferLimiter {

  /** A rate of 0 means no limit. */
  public static final long UNLIMITED = 0;

  /** The smallest chunk a limited sender is asked to send. */
  static final int MIN_CHUNK_BYTES = 16 * 1024;

  /**
   * How much data a limited sender sends per chunk: this many chunks a second. A chunk is counted
   * as sent when it is handed to gRPC, and gRPC takes the next only once the last is on the wire,
   * so a chunk is also what may be on its way, and lost, when the receiver dies: 1/64 s of the
   * limit.
   */
  private static final int CHUNKS_PER_SECOND = 64;

  /**
   * How long an idle bucket may save up for a burst. Small: a receiver asks each source for about
   * 50 ms of data at a time and a stream pauses between requests, so a larger saving would send a
   * new request's data all at once, where a receiver killed then loses it.
   */
  private static final Duration BURST = Duration.ofMillis(25);

  private final long maxUploadPerPeer;
  private final long smallestUploadRate;
  private final TimeMeter clock;
  private final Bucket uploads;
  private final Bucket downloads;
  private final Map<String, PeerBucket> peers = new HashMap<>();

  /**
   * Limits in bytes per second, each {@link #UNLIMITED} for none.
   *
   * @param maxUpload all uploads together
   * @param maxUploadPerPeer the uploads to one peer together
   * @param maxDownload all downloads together
   */
  public TransferLimiter(long maxUpload, long maxUploadPerPeer, long maxDownload) {
    this(maxUpload, maxUploadPerPeer, maxDownload, TimeMeter.SYSTEM_NANOTIME);
  }

  TransferLimiter(long maxUpload, long maxUploadPerPeer, long maxDownload, TimeMeter clock) {
    check("upload", maxUpload);
    check("upload per peer", maxUploadPerPeer);
    check("download", maxDownload);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxUploadPerPeer = maxUploadPerPeer;
    this.smallestUploadRate = smallest(maxUpload, maxUploadPerPeer);
    this.uploads = bucket(maxUpload);
    this.downloads = bucket(maxDownload);
  }

  /** No limits at all. */
  public static TransferLimiter unlimited() {
    return new TransferLimiter(UNLIMITED, UNLIMITED, UNLIMITED);
  }

  /** Paces one upload stream to {@code peer} (an address); close it when the stream ends. */
  public UploadPacer uploadTo(String peer) {
    Objects.requireNonNull(peer, "peer");
    if (uploads == null && maxUploadPerPeer == UNLIMITED) {
      return UploadPacer.NONE;
    }
    PeerBucket shared;
    synchronized (peers) {
      shared = peers.computeIfAbsent(peer, p -> new PeerBucket(bucket(maxUploadPerPeer)));
      shared.streams++;
    }
    return new Pacer(peer, shared);
  }

  /** The hook receivers call per chunk for the download limit. */
  public DownloadThrottle downloads() {
    return downloads == null ? DownloadThrottle.NONE : downloads::consumeIgnoringRateLimits;
  }

  /** How many peers have a per-peer bucket now (one while any stream to them runs). */
  int peerBuckets() {
    synchronized (peers) {
      return peers.size();
    }
  }

  private Bucket bucket(long bytesPerSecond) {
    if (bytesPerSecond == UNLIMITED) {
      return null;
    }
    long burst = Math.max(1, bytesPerSecond * BURST.toMillis() / 1000);
    Duration refill = Duration.ofNanos(Math.max(1, burst * 1_000_000_000L / bytesPerSecond));
    return Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(burst, refill).build())
        .withCustomTimePrecision(clock)
        .build();
  }

  private static long smallest(long a, long b) {
    if (a == UNLIMITED) {
      return b;
    }
    return b == UNLIMITED ? a : Math.min(a, b);
  }

  private static void check(String what, long bytesPerSecond) {
    if (bytesPerSecond < 0) {
      throw new IllegalArgumentException(
          "the "
              + what
              + " limit must be 0 (none) or more bytes per second, found "
              + bytesPerSecond);
    }
  }

  /** A peer's bucket, shared by the streams to it. Its count changes under the map's lock. */
  private static final class PeerBucket {
    final Bucket bucket;
    int streams;

    PeerBucket(Bucket bucket) {
      this.bucket = bucket;
    }
  }

  private final class Pacer implements UploadPacer {
    private final String peer;
    private final PeerBucket shared;
    private boolean closed;

    Pacer(String peer, PeerBucket shared) {
      this.peer = peer;
      this.shared = shared;
    }

    @Override
    public long sent(long bytes) {
      long pause = 0;
      if (shared.bucket != null) {
        pause = shared.bucket.consumeIgnoringRateLimits(bytes);
      }
      if (uploads != null) {
        pause = Math.max(pause, uploads.consumeIgnoringRateLimits(bytes));
      }
      return pause;
    }

    @Override
    public int chunkBytes(int wanted) {
      long paced = Math.max(MIN_CHUNK_BYTES, smallestUploadRate / CHUNKS_PER_SECOND);
      return (int) Math.min(wanted, paced);
    }

    @Override
    public void close() {
      synchronized (peers) {
        if (closed) {
          return;
        }
        closed = true;
        if (--shared.streams == 0) {
          peers.remove(peer);
        }
      }
    }
  }
}
