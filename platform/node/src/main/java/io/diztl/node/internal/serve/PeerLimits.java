package io.diztl.node.internal.serve;

import java.time.Duration;

/**
 * How much of this node's peer service other nodes may use, so that a hostile or broken one cannot
 * exhaust its memory, threads or files while the others are served. Calls beyond a limit fail with
 * {@code RESOURCE_EXHAUSTED} and say which one.
 *
 * @param downloadsPerPeer the most downloads sent at once to one IP address
 * @param downloads the most downloads sent at once in all
 * @param stallTimeout how long a download may wait for its receiver to take data before it is
 *     stopped and its file closed
 * @param searchesPerPeer the most searches from one IP address running or queued at once
 * @param searchThreads the threads that run searches, apart from every other call
 * @param searchQueue the searches that may wait for one of those threads
 * @param searchTimeLimit the longest one search may run, shorter when the caller's deadline is
 */
public record PeerLimits(
    int downloadsPerPeer,
    int downloads,
    Duration stallTimeout,
    int searchesPerPeer,
    int searchThreads,
    int searchQueue,
    Duration searchTimeLimit) {

  /**
   * 4 downloads per peer and 64 in all (at most one chunk of 256 KiB waits in memory for each), 60
   * s stalls; 16 searches per peer (the tracker relays everyone's searches from one address), 2
   * threads with 30 waiting, 10 s each.
   */
  public static final PeerLimits DEFAULTS =
      new PeerLimits(4, 64, Duration.ofSeconds(60), 16, 2, 30, Duration.ofSeconds(10));
}
