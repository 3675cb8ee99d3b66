package io.diztl.api.ui;

import java.util.Objects;

/**
 * A file that matched one of this node's standing queries.
 *
 * @param watchId the {@link Watch#id()} it matched
 * @param hit the file, as a search result ({@link NetworkHit#alreadyHere()} when this node has the
 *     content already)
 * @param existing whether the search at registration found it, rather than a node indexing it later
 * @param receivedMillis when this node received it, milliseconds since the epoch
 * @since 0.3
 */
public record WatchMatch(String watchId, NetworkHit hit, boolean existing, long receivedMillis) {

  /** Checks the parts. */
  public WatchMatch {
    Objects.requireNonNull(watchId, "watchId");
    Objects.requireNonNull(hit, "hit");
  }
}
