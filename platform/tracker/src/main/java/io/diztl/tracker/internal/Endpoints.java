package io.diztl.tracker.internal;

import io.diztl.proto.v1.NodeInfo;
import io.grpc.ManagedChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@link Endpoint}s in use, one per host, port and node id, each shared by the registrations
 * naming it and closed when the last of them leaves.
 */
final class Endpoints {

  private final Map<String, Endpoint> open = new HashMap<>();
  private final Map<Endpoint, Integer> users = new HashMap<>();
  private final Function<NodeInfo, ManagedChannel> channelFactory;

  Endpoints(Function<NodeInfo, ManagedChannel> channelFactory) {
    this.channelFactory = channelFactory;
  }

  /** The endpoint of {@code node}'s address, counting the node as one more of its users. */
  synchronized Endpoint use(NodeInfo node) {
    Endpoint endpoint =
        open.computeIfAbsent(Endpoint.keyOf(node), key -> new Endpoint(key, node, channelFactory));
    users.merge(endpoint, 1, Integer::sum);
    return endpoint;
  }

  /** Counts one user less; when it was the last, closes it and returns the channel to close. */
  synchronized Optional<ManagedChannel> release(Endpoint endpoint) {
    Integer left = users.computeIfPresent(endpoint, (e, count) -> count > 1 ? count - 1 : null);
    if (left != null || !open.remove(endpoint.key(), endpoint)) {
      return Optional.empty();
    }
    return endpoint.close();
  }

  /** Closes every endpoint and returns the channels to close. */
  synchronized List<ManagedChannel> closeAll() {
    List<ManagedChannel> channels = new ArrayList<>();
    open.values().forEach(endpoint -> endpoint.close().ifPresent(channels::add));
    open.clear();
    users.clear();
    return channels;
  }
}
