package io.diztl.node.internal.tracker;

import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.SearchResponse;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;

/**
 * Answers a search the tracker relays, as the node's peer service answers {@code Peer.Search}: one
 * response then the end, or a failure with its status. It runs in a {@link Context} that carries
 * the search's deadline and is cancelled when the tracker no longer waits.
 */
@FunctionalInterface
public interface SearchAnswerer {

  /** Starts answering {@code request}; may return before it answers. */
  void search(SearchRequest request, StreamObserver<SearchResponse> answer);
}
