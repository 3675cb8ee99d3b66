package io.diztl.node.internal.tracker;

import io.diztl.api.DiztlException;
import io.diztl.api.ui.Cancellable;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.SearchRouting;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The tracker as the node's local operations use it; {@link TrackerLink} is the real one. */
public interface TrackerClient {

  /** The tracker's address. */
  TrackerAddress address();

  /** Whether the last registration or heartbeat reached the tracker. */
  boolean connected();

  /**
   * Why the tracker refused this node's last registration (such as a closed network without its
   * key), or empty when it did not.
   */
  default Optional<String> refusal() {
    return Optional.empty();
  }

  /**
   * How the tracker sends searches, as its last registration or heartbeat answer said; empty while
   * not connected, or when the tracker does not say (older than 0.3).
   */
  default Optional<SearchRouting> searchRouting() {
    return Optional.empty();
  }

  /**
   * The live nodes the tracker knows.
   *
   * @throws DiztlException {@code UNAVAILABLE} or {@code TIMED_OUT} when the tracker cannot be
   *     asked, another kind when it refuses
   */
  List<NodeInfo> listPeers();

  /**
   * Relays a search through the tracker; its events arrive on {@code events}, one at a time, then
   * its end or its failure as the tracker call's status.
   *
   * @return a handle that cancels the tracker call
   */
  Cancellable search(SearchRequest request, Duration deadline, StreamObserver<SearchEvent> events);
}
