package io.diztl.tracker;

/**
 * When a tracker routes searches: in a network of at least {@code above} live nodes, a search goes
 * only to the nodes whose share summary may match every word it needs (and to nodes that sent no
 * summary, and to every node for a query whose words cannot be judged); in a smaller network every
 * search goes to every node.
 *
 * @param above the network size from which searches are routed
 * @since 0.3
 */
public record RoutingPolicy(int above) {

  /** From this many live nodes on, by default: below it, asking everyone costs little. */
  public static final int DEFAULT_ABOVE = 50;

  /** The default policy. */
  public static final RoutingPolicy DEFAULT = new RoutingPolicy(DEFAULT_ABOVE);

  /** Checks the size. */
  public RoutingPolicy {
    if (above < 1) {
      throw new IllegalArgumentException("routing must start at 1 node or more, found " + above);
    }
  }
}
