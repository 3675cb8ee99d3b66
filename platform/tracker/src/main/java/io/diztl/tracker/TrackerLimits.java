package io.diztl.tracker;

/**
 * How much of the tracker one party may use, so that a hostile or broken peer cannot crowd out
 * everyone else. Calls beyond a limit fail with {@code RESOURCE_EXHAUSTED} and say which limit.
 *
 * @param maxNodes the most nodes registered at once
 * @param maxNodesPerAddress the most nodes registered at once from one source IP address (the
 *     address the registration came from, whatever host the node claims)
 * @param maxSearchesPerCaller the most relayed searches in flight at once from one IP address
 * @param slowAfterTimeouts a node that timed out this many searches in a row is no longer waited
 *     for: searches skip it and ask it in the background, until it answers one in time
 * @since 0.2
 */
public record TrackerLimits(
    int maxNodes, int maxNodesPerAddress, int maxSearchesPerCaller, int slowAfterTimeouts) {

  /** Nodes at once, by default: a large LAN; each search is sent to every one of them. */
  public static final int DEFAULT_MAX_NODES = 10_000;

  /** Nodes from one address, by default: room for many nodes behind one NAT or on one host. */
  public static final int DEFAULT_MAX_NODES_PER_ADDRESS = 64;

  /** Searches in flight from one address, by default: a few users behind one node or NAT. */
  public static final int DEFAULT_MAX_SEARCHES_PER_CALLER = 8;

  /** Timed-out searches in a row before a node is asked only in the background, by default. */
  public static final int DEFAULT_SLOW_AFTER_TIMEOUTS = 1;

  /** The defaults. */
  public static final TrackerLimits DEFAULTS =
      new TrackerLimits(
          DEFAULT_MAX_NODES,
          DEFAULT_MAX_NODES_PER_ADDRESS,
          DEFAULT_MAX_SEARCHES_PER_CALLER,
          DEFAULT_SLOW_AFTER_TIMEOUTS);

  /** Checks that every limit is positive. */
  public TrackerLimits {
    positive("maxNodes", maxNodes);
    positive("maxNodesPerAddress", maxNodesPerAddress);
    positive("maxSearchesPerCaller", maxSearchesPerCaller);
    positive("slowAfterTimeouts", slowAfterTimeouts);
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, found " + value);
    }
  }
}
