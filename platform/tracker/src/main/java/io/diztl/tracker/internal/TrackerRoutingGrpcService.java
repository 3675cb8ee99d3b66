package io.diztl.tracker.internal;

import io.diztl.proto.ShareSummary;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.PublishSummaryRequest;
import io.diztl.proto.v1.PublishSummaryResponse;
import io.diztl.proto.v1.TrackerRoutingGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.Objects;
import java.util.Optional;

/**
 * Takes the share summaries of this tracker's nodes into its {@link RoutingTable}, and tells the
 * network of each new one. Over TLS a node publishes only its own summary; a node must be
 * registered with this tracker first.
 */
public final class TrackerRoutingGrpcService extends TrackerRoutingGrpc.TrackerRoutingImplBase {

  private final PeerRegistry registry;
  private final RoutingTable table;
  private final NetworkRegistry network;

  /** Records into {@code table} the summaries of nodes of {@code registry}. */
  public TrackerRoutingGrpcService(
      PeerRegistry registry, RoutingTable table, NetworkRegistry network) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.table = Objects.requireNonNull(table, "table");
    this.network = Objects.requireNonNull(network, "network");
  }

  @Override
  public void publishSummary(
      PublishSummaryRequest request, StreamObserver<PublishSummaryResponse> out) {
    String claimed = request.getNodeId();
    Optional<String> caller = Transport.callerId();
    if (caller.isPresent() && !claimed.isEmpty() && !claimed.equals(caller.get())) {
      out.onError(
          Status.PERMISSION_DENIED
              .withDescription(
                  "node_id "
                      + LogText.of(claimed)
                      + " is not the caller's identity "
                      + caller.get()
                      + ": a node may publish only its own summary")
              .asRuntimeException());
      return;
    }
    String id = caller.orElse(claimed);
    if (id.isEmpty() || registry.find(id).isEmpty()) {
      out.onError(
          Status.NOT_FOUND
              .withDescription("node " + LogText.of(id) + " is not registered; register first")
              .asRuntimeException());
      return;
    }
    if (!table.put(id, request.getSummary())) {
      out.onError(
          Status.INVALID_ARGUMENT
              .withDescription(
                  "summary is not a share summary of at most "
                      + ShareSummary.MAX_BYTES
                      + " bytes (a Bloom filter in Guava's encoding)")
              .asRuntimeException());
      return;
    }
    network.summary(id, request.getSummary());
    out.onNext(PublishSummaryResponse.getDefaultInstance());
    out.onCompleted();
  }
}
