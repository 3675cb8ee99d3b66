package io.diztl.node.internal.watch;

import io.diztl.proto.Transport;
import io.diztl.proto.v1.DeliverStandingMatchesRequest;
import io.diztl.proto.v1.DeliverStandingMatchesResponse;
import io.diztl.proto.v1.HoldStandingQueriesRequest;
import io.diztl.proto.v1.HoldStandingQueriesResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The peer calls of standing queries, which only the tracker may make: over TLS the caller must be
 * the tracker whose identity the node pinned ({@code PERMISSION_DENIED} otherwise).
 */
public final class StandingPeerCalls {

  private final HeldStandingQueries held;
  private final OwnWatches own;
  private final Supplier<String> trackerId;

  /**
   * Hands queries to {@code held} and matches to {@code own}, from the tracker of identity {@code
   * trackerId} (empty while none is pinned, which refuses every TLS caller).
   */
  public StandingPeerCalls(HeldStandingQueries held, OwnWatches own, Supplier<String> trackerId) {
    this.held = held;
    this.own = own;
    this.trackerId = trackerId;
  }

  public void hold(
      HoldStandingQueriesRequest request, StreamObserver<HoldStandingQueriesResponse> out) {
    if (fromTracker(out)) {
      held.hold(request);
      out.onNext(HoldStandingQueriesResponse.getDefaultInstance());
      out.onCompleted();
    }
  }

  /** Takes a request that came before this service was ready, from {@code caller}. */
  public void holdEarly(Optional<String> caller, HoldStandingQueriesRequest request) {
    if (fromTracker(caller)) {
      held.hold(request);
    }
  }

  public void deliver(
      DeliverStandingMatchesRequest request, StreamObserver<DeliverStandingMatchesResponse> out) {
    if (fromTracker(out)) {
      own.deliver(request);
      out.onNext(DeliverStandingMatchesResponse.getDefaultInstance());
      out.onCompleted();
    }
  }

  private boolean fromTracker(Optional<String> caller) {
    return caller.isEmpty() || caller.get().equals(trackerId.get());
  }

  private boolean fromTracker(StreamObserver<?> out) {
    if (fromTracker(Transport.callerId())) {
      return true;
    }
    out.onError(
        Status.PERMISSION_DENIED
            .withDescription("only the tracker sends standing queries and their matches")
            .asRuntimeException());
    return false;
  }
}
