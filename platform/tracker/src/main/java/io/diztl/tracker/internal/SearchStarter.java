package io.diztl.tracker.internal;

import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchRequest;
import io.grpc.stub.ServerCallStreamObserver;

/** Starts relaying one search, to this tracker's own nodes or to the whole network. */
@FunctionalInterface
public interface SearchStarter {

  /**
   * Starts relaying {@code request}, streaming events and a final summary to {@code out}; returns
   * at once. {@code onEnd} runs once, when the search has ended. Call it from the search handler.
   */
  void start(SearchRequest request, ServerCallStreamObserver<SearchEvent> out, Runnable onEnd);
}
