package io.diztl.tracker.internal;

import com.google.protobuf.ByteString;
import io.diztl.index.RoutingKeys;
import io.diztl.proto.ShareSummary;
import io.diztl.proto.v1.SearchMode;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.SearchRouting;
import io.diztl.tracker.RoutingPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The share summaries of this tracker's own nodes, and whether searches are routed by them: from
 * the {@link RoutingPolicy}'s network size on, a search needing some words (or an extension or
 * content hash) goes only to the nodes whose summary may hold all of them, and to nodes without a
 * summary. A summary without extension and hash keys (from an older node) is judged by the words
 * alone.
 */
public final class RoutingTable {

  private static final Logger LOG = LoggerFactory.getLogger(RoutingTable.class);

  private record Entry(ByteString encoded, ShareSummary summary) {}

  private static final List<String> FIELD_KEYS = List.of(RoutingKeys.FIELD_KEYS);

  private final Map<String, Entry> summaries = new ConcurrentHashMap<>();
  private final RoutingPolicy policy;
  private volatile boolean routing;
  private volatile SearchRouting mode;

  /** Routes by {@code policy}, once {@link #update(int)} tells it the network is large enough. */
  public RoutingTable(RoutingPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.mode = mode(false, 0);
  }

  /** The nodes of a routed search, and how many live nodes it leaves out. */
  record Route(List<RegisteredNode> asked, int notAsked) {}

  /** Records a node's summary; false when {@code encoded} is not a summary. */
  boolean put(String nodeId, ByteString encoded) {
    Optional<ShareSummary> summary = ShareSummary.parse(encoded);
    summary.ifPresent(parsed -> summaries.put(nodeId, new Entry(encoded, parsed)));
    return summary.isPresent();
  }

  /** The summary of a node as it sent it; empty when it sent none. */
  ByteString encoded(String nodeId) {
    Entry entry = summaries.get(nodeId);
    return entry == null ? ByteString.EMPTY : entry.encoded();
  }

  /** Forgets the summaries of nodes not in {@code live}. */
  public void retain(Set<String> live) {
    summaries.keySet().retainAll(live);
  }

  /** Switches routing on or off for a network of {@code size} live nodes. */
  public void update(int size) {
    boolean now = size >= policy.above();
    mode = mode(now, size);
    if (now != routing) {
      routing = now;
      LOG.info(
          "{} nodes live: searches {}",
          size,
          now
              ? "routed by share summaries"
              : "go to every node (routing from " + policy.above() + ")");
    }
  }

  /** Whether searches are routed now. */
  public boolean routing() {
    return routing;
  }

  /** The mode searches go in now, the network size it was chosen for, and the policy's size. */
  public SearchRouting searchRouting() {
    return mode;
  }

  private SearchRouting mode(boolean routed, int size) {
    return SearchRouting.newBuilder()
        .setMode(routed ? SearchMode.SEARCH_MODE_ROUTED : SearchMode.SEARCH_MODE_BROADCAST)
        .setLiveNodes(size)
        .setRouteAbove(policy.above())
        .build();
  }

  /** The nodes of {@code live} to ask {@code request}. */
  Route route(List<RegisteredNode> live, SearchRequest request) {
    Optional<List<String>> keys = routing ? required(request) : Optional.empty();
    if (keys.isEmpty()) {
      return new Route(live, 0);
    }
    List<String> needed = keys.get();
    // Older summaries hold no extension or hash keys: judge them by the words alone.
    List<String> words = needed.stream().filter(key -> !RoutingKeys.isFieldKey(key)).toList();
    boolean needsFieldKeys = words.size() < needed.size();
    List<RegisteredNode> asked =
        live.stream()
            .filter(
                node -> {
                  Entry entry = summaries.get(node.info().getNodeId());
                  if (entry == null) {
                    return true;
                  }
                  ShareSummary summary = entry.summary();
                  return summary.mayHoldAll(
                      needsFieldKeys && !summary.mayHoldAll(FIELD_KEYS) ? words : needed);
                })
            .toList();
    return new Route(asked, live.size() - asked.size());
  }

  /** The keys {@code request} needs: those of its query text, and of its extension filter. */
  private static Optional<List<String>> required(SearchRequest request) {
    Optional<List<String>> text = RoutingKeys.required(request.getQuery());
    if (request.getExtension().isBlank()) {
      return text;
    }
    List<String> keys = new ArrayList<>(text.orElse(List.of()));
    keys.add(RoutingKeys.extension(request.getExtension()));
    return Optional.of(keys);
  }
}
