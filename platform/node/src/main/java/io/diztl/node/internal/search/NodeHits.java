package io.diztl.node.internal.search;

import io.diztl.api.ui.NetworkHit;
import io.diztl.api.ui.PeerInfo;
import java.util.List;

/**
 * The results of one node in a network search.
 *
 * @param node the node that answered, as the tracker (or this node) describes it
 * @param elapsedMillis how long it took to answer, 0 when not told
 * @param hits its results, best first
 */
public record NodeHits(PeerInfo node, long elapsedMillis, List<NetworkHit> hits) {

  /** Copies the list. */
  public NodeHits {
    hits = List.copyOf(hits);
  }
}
