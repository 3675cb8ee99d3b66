package io.diztl.node.internal;

import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchRequest;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

/**
 * Passes the events of the tracker's search on to whoever asked as they arrive; cancels the tracker
 * call when the asker goes away, and answers locally when the tracker cannot be reached before any
 * event arrived.
 */
final class RelayedSearch implements ClientResponseObserver<SearchRequest, SearchEvent> {

  private final SearchSink caller;
  private final Runnable localAnswer;
  private boolean relayed;

  /**
   * Relays to {@code caller}; {@code localAnswer} completes the caller when the tracker is down.
   */
  RelayedSearch(SearchSink caller, Runnable localAnswer) {
    this.caller = caller;
    this.localAnswer = localAnswer;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<SearchRequest> trackerCall) {
    caller.onCancel(() -> trackerCall.cancel("the caller cancelled the search", null));
  }

  @Override
  public void onNext(SearchEvent event) {
    relayed = true;
    caller.event(event);
  }

  @Override
  public void onError(Throwable t) {
    if (caller.cancelled()) {
      return;
    }
    if (!relayed && GrpcErrors.unreachable(t)) {
      localAnswer.run();
      return;
    }
    Status status = Status.fromThrowable(t);
    caller.failed(
        status
            .withDescription("search through the tracker failed: " + GrpcErrors.describe(t))
            .asRuntimeException());
  }

  @Override
  public void onCompleted() {
    caller.completed();
  }
}
