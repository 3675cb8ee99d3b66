package io.diztl.node.internal;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.ui.Cancellable;
import io.diztl.node.internal.tracker.TrackerAddress;
import io.diztl.node.internal.tracker.TrackerClient;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchRequest;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tracker without a wire: a search streams {@link #events} on the caller's thread, then fails
 * with {@link #failure}, completes, or is held open; {@link #peers} is what it lists, unless it is
 * {@link #down}.
 */
final class ScriptedTracker implements TrackerClient {

  volatile List<SearchEvent> events = List.of();
  volatile Status failure;
  volatile List<NodeInfo> peers = List.of();
  volatile boolean down;
  volatile SearchRequest lastRequest;

  /** Whether a search stays open after its events; {@link #held} then ends it. */
  volatile boolean hold;

  volatile StreamObserver<SearchEvent> held;
  final AtomicInteger listCalls = new AtomicInteger();
  final AtomicInteger cancels = new AtomicInteger();

  @Override
  public TrackerAddress address() {
    return TrackerAddress.parse("tracker.test:7400");
  }

  @Override
  public boolean connected() {
    return !down;
  }

  @Override
  public List<NodeInfo> listPeers() {
    listCalls.incrementAndGet();
    if (down) {
      throw new DiztlException(ErrorKind.UNAVAILABLE, "tracker tracker.test:7400 unreachable");
    }
    return peers;
  }

  @Override
  public Cancellable search(
      SearchRequest request, Duration deadline, StreamObserver<SearchEvent> observer) {
    lastRequest = request;
    events.forEach(observer::onNext);
    if (hold) {
      held = observer;
    } else if (failure != null) {
      observer.onError(failure.asRuntimeException());
    } else {
      observer.onCompleted();
    }
    return cancels::incrementAndGet;
  }
}
