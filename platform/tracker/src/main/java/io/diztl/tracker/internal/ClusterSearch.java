package io.diztl.tracker.internal;

import io.diztl.proto.PeerPin;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.TrackerPeerGrpc;
import io.grpc.ManagedChannel;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Relays searches to every node of a cluster: this tracker asks its own nodes, and asks each other
 * tracker of the cluster ({@code TrackerPeer.SearchOwnNodes}, over mutual TLS pinned to that
 * tracker's identity) to ask its nodes; a {@link SearchMerge} streams the results back as they
 * arrive and ends with one summary of every node. A tracker that fails adds a note to the summary
 * and leaves the rest of the search alone.
 */
public final class ClusterSearch implements SearchStarter, AutoCloseable {

  /** Time a remote tracker gets beyond the per-node deadline to send its summary. */
  private static final Duration REMOTE_MARGIN = Duration.ofSeconds(2);

  private final SearchStarter local;
  private final Supplier<List<TrackerPeer>> trackers;
  private final Transport transport;
  private final Duration remoteDeadline;
  private final Map<TrackerPeer, ManagedChannel> channels = new ConcurrentHashMap<>();

  /**
   * Searches through {@code local} for this tracker's own nodes and through the {@code trackers} of
   * the cluster at the time of each search.
   *
   * @param searchDeadline how long each node is given to answer
   */
  public ClusterSearch(
      SearchStarter local,
      Supplier<List<TrackerPeer>> trackers,
      Transport transport,
      Duration searchDeadline) {
    this.local = Objects.requireNonNull(local, "local");
    this.trackers = Objects.requireNonNull(trackers, "trackers");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.remoteDeadline =
        Objects.requireNonNull(searchDeadline, "searchDeadline").plus(REMOTE_MARGIN);
  }

  @Override
  public void start(
      SearchRequest request, ServerCallStreamObserver<SearchEvent> out, Runnable onEnd) {
    List<TrackerPeer> others = trackers.get();
    channels.keySet().stream()
        .filter(peer -> !others.contains(peer))
        .toList()
        .forEach(gone -> Optional.ofNullable(channels.remove(gone)).ifPresent(Transport::close));
    SearchMerge merge = new SearchMerge(out, others.size() + 1, onEnd);
    for (TrackerPeer peer : others) {
      // Started in the caller's context: the caller cancelling cancels the remote searches.
      TrackerPeerGrpc.newStub(channel(peer))
          .withDeadlineAfter(remoteDeadline.toMillis(), TimeUnit.MILLISECONDS)
          .withMaxInboundMessageSize(Transport.MAX_MESSAGE_BYTES)
          .searchOwnNodes(request, merge.part(peer.toString()));
    }
    StreamObserver<SearchEvent> own = merge.part("this tracker");
    // A relay whose caller has gone ends without completing its stream: end the part then.
    local.start(request, merge.asCall(own), own::onCompleted);
  }

  private ManagedChannel channel(TrackerPeer peer) {
    return channels.computeIfAbsent(
        peer, p -> transport.channel(p.host(), p.port(), PeerPin.of(p.id())));
  }

  /** Closes the channels to the other trackers. */
  @Override
  public void close() {
    channels.values().forEach(Transport::close);
    channels.clear();
  }
}
