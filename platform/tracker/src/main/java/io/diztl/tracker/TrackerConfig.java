package io.diztl.tracker;

import java.time.Duration;
import java.util.Objects;

/**
 * How a tracker listens and how long it waits for nodes.
 *
 * @param bindHost address to listen on, such as {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port port to listen on; 0 picks a free one
 * @param nodeTtl a node that sends no heartbeat for this long drops out of the registry
 * @param searchDeadline how long a relayed search waits for each node
 * @param limits what one node or caller may use of the tracker
 */
public record TrackerConfig(
    String bindHost, int port, Duration nodeTtl, Duration searchDeadline, TrackerLimits limits) {

  /** The tracker's default port. */
  public static final int DEFAULT_PORT = 7400;

  /** How long a silent node stays registered, by default. */
  public static final Duration DEFAULT_NODE_TTL = Duration.ofSeconds(12);

  /** How long a relayed search waits for each node, by default. */
  public static final Duration DEFAULT_SEARCH_DEADLINE = Duration.ofSeconds(5);

  /** Checks the parts. */
  public TrackerConfig {
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(nodeTtl, "nodeTtl");
    Objects.requireNonNull(searchDeadline, "searchDeadline");
    Objects.requireNonNull(limits, "limits");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535, found " + port);
    }
    if (nodeTtl.isNegative() || nodeTtl.isZero()) {
      throw new IllegalArgumentException("nodeTtl must be positive, found " + nodeTtl);
    }
    if (searchDeadline.isNegative() || searchDeadline.isZero()) {
      throw new IllegalArgumentException(
          "searchDeadline must be positive, found " + searchDeadline);
    }
  }

  /** A configuration with the default {@link TrackerLimits}. */
  public TrackerConfig(String bindHost, int port, Duration nodeTtl, Duration searchDeadline) {
    this(bindHost, port, nodeTtl, searchDeadline, TrackerLimits.DEFAULTS);
  }

  /** The defaults, listening on all interfaces at {@code port}. */
  public static TrackerConfig onPort(int port) {
    return new TrackerConfig("0.0.0.0", port, DEFAULT_NODE_TTL, DEFAULT_SEARCH_DEADLINE);
  }
}
