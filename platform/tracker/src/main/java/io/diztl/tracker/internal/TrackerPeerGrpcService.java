package io.diztl.tracker.internal;

import io.diztl.proto.Transport;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.TrackerPeerGrpc;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The service the other trackers of a cluster call: a search relayed to this tracker's own nodes
 * only. Over TLS only a caller whose identity is that of another tracker of the cluster may call it
 * ({@code PERMISSION_DENIED} otherwise), so that no node can use it to pass the per-caller search
 * limits of the tracker's own {@code Search}.
 */
public final class TrackerPeerGrpcService extends TrackerPeerGrpc.TrackerPeerImplBase {

  private final SearchStarter ownNodes;
  private final Predicate<String> isTracker;

  /**
   * Answers with searches started by {@code ownNodes}, for callers whose identity {@code isTracker}
   * accepts.
   */
  public TrackerPeerGrpcService(SearchStarter ownNodes, Predicate<String> isTracker) {
    this.ownNodes = Objects.requireNonNull(ownNodes, "ownNodes");
    this.isTracker = Objects.requireNonNull(isTracker, "isTracker");
  }

  @Override
  public void searchOwnNodes(SearchRequest request, StreamObserver<SearchEvent> out) {
    Optional<String> caller = Transport.callerId();
    if (caller.isPresent() && !isTracker.test(caller.get())) {
      out.onError(
          Status.PERMISSION_DENIED
              .withDescription(
                  "caller "
                      + caller.get()
                      + " is not a tracker of this cluster: search through Tracker.Search")
              .asRuntimeException());
      return;
    }
    try {
      RequestValidator.checkSearch(request);
    } catch (InvalidRequestException e) {
      out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    ownNodes.start(request, (ServerCallStreamObserver<SearchEvent>) out, () -> {});
  }
}
