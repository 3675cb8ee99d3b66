package io.diztl.node.internal.watch;

import io.diztl.api.ui.NetworkHit;
import io.diztl.api.ui.Watch;
import io.diztl.api.ui.WatchMatch;
import io.diztl.node.internal.search.SearchMapping;
import io.diztl.proto.v1.WatchInfo;
import java.util.Optional;
import java.util.Set;

/** Standing queries and their matches in the types of the plugin API. */
public final class WatchMapping {

  private WatchMapping() {}

  public static Watch toWatch(WatchInfo info) {
    return new Watch(
        info.getId(),
        info.getQuery().getQuery(),
        info.getCreatedMillis(),
        info.getExpiresMillis(),
        info.getMatches(),
        info.getUnseen());
  }

  /** The match as a search result; empty when its file id cannot form a reference. */
  public static Optional<WatchMatch> toMatch(io.diztl.proto.v1.WatchMatch match, String selfId) {
    Set<String> here = match.getAlreadyHere() ? Set.of(match.getHit().getSha256()) : Set.of();
    Optional<NetworkHit> hit =
        SearchMapping.toNetworkHit(
            SearchMapping.toPeer(match.getNode(), selfId), match.getHit(), here);
    return hit.map(
        found ->
            new WatchMatch(
                match.getQueryId(), found, match.getExisting(), match.getReceivedMillis()));
  }
}
