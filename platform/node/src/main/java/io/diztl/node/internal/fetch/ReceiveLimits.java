package io.diztl.node.internal.fetch;

import java.time.Duration;

/**
 * How long a peer may keep a download of this node waiting, and how much disk it may take.
 *
 * @param idleTimeout the longest the peer may send nothing, the header included
 * @param minimumTime the least time any download is allowed
 * @param minimumBytesPerSecond the slowest average rate allowed beyond {@code minimumTime}: a
 *     download of {@code n} bytes may take {@code minimumTime + n / minimumBytesPerSecond}
 * @param spareBytes what the partial folder's disk keeps free: a file that would leave less is
 *     refused before any of it is written
 */
record ReceiveLimits(
    Duration idleTimeout, Duration minimumTime, long minimumBytesPerSecond, long spareBytes) {

  /**
   * 30 s of silence; 10 min plus 64 KiB/s (about 4.5 h for 1 GiB, a slow DSL upload); 64 MiB spare.
   */
  static final ReceiveLimits DEFAULTS =
      new ReceiveLimits(Duration.ofSeconds(30), Duration.ofMinutes(10), 64 * 1024, 64L << 20);

  /** The longest a download of {@code bytes} may take. */
  Duration allowed(long bytes) {
    return minimumTime.plusSeconds(Math.max(0, bytes) / minimumBytesPerSecond);
  }
}
