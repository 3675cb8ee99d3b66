package io.diztl.tracker.internal;

import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.tracker.TrackerLimits;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * Starts searches relayed to the live nodes of this tracker's own {@link PeerRegistry}: to all of
 * them, or with a {@link RoutingTable}, to those it routes the search to.
 */
public final class OwnNodesSearch implements SearchStarter {

  private final PeerRegistry registry;
  private final SearchRelay.Settings settings;
  private final Optional<RoutingTable> routing;

  /**
   * Relays to the nodes of {@code registry}.
   *
   * @param searchDeadline how long each node is given to answer
   * @param executor runs the callbacks of calls to nodes
   * @param nanoClock monotonic time in nanoseconds, for the nodes' elapsed times
   * @param timer ends each search at its deadline
   * @param limits when a node counts as slow
   */
  public OwnNodesSearch(
      PeerRegistry registry,
      Duration searchDeadline,
      Executor executor,
      LongSupplier nanoClock,
      DeadlineTimer timer,
      TrackerLimits limits) {
    this(registry, searchDeadline, executor, nanoClock, timer, limits, Optional.empty());
  }

  /**
   * Relays to the nodes of {@code registry} that {@code routing}, if given, routes each search to.
   *
   * @param searchDeadline how long each node is given to answer
   * @param executor runs the callbacks of calls to nodes
   * @param nanoClock monotonic time in nanoseconds, for the nodes' elapsed times
   * @param timer ends each search at its deadline
   * @param limits when a node counts as slow
   */
  public OwnNodesSearch(
      PeerRegistry registry,
      Duration searchDeadline,
      Executor executor,
      LongSupplier nanoClock,
      DeadlineTimer timer,
      TrackerLimits limits,
      Optional<RoutingTable> routing) {
    this(
        registry, searchDeadline, executor, nanoClock, timer, limits, routing, RelayStreams.none());
  }

  /**
   * Relays to the nodes of {@code registry} that {@code routing}, if given, routes each search to;
   * on their {@code streams} to the nodes that hold one open.
   *
   * @param searchDeadline how long each node is given to answer
   * @param executor runs the callbacks of calls to nodes
   * @param nanoClock monotonic time in nanoseconds, for the nodes' elapsed times
   * @param timer ends each search at its deadline
   * @param limits when a node counts as slow
   * @param streams the relay streams the nodes opened
   */
  public OwnNodesSearch(
      PeerRegistry registry,
      Duration searchDeadline,
      Executor executor,
      LongSupplier nanoClock,
      DeadlineTimer timer,
      TrackerLimits limits,
      Optional<RoutingTable> routing,
      RelayStreams streams) {
    this.routing = Objects.requireNonNull(routing, "routing");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.settings =
        new SearchRelay.Settings(
            Objects.requireNonNull(searchDeadline, "searchDeadline"),
            Objects.requireNonNull(limits, "limits").slowAfterTimeouts(),
            Objects.requireNonNull(executor, "executor"),
            Objects.requireNonNull(nanoClock, "nanoClock"),
            Objects.requireNonNull(timer, "timer"),
            Objects.requireNonNull(streams, "streams"));
  }

  @Override
  public void start(
      SearchRequest request, ServerCallStreamObserver<SearchEvent> out, Runnable onEnd) {
    List<RegisteredNode> live = registry.live();
    RoutingTable.Route route =
        routing.map(table -> table.route(live, request)).orElse(new RoutingTable.Route(live, 0));
    if (route.notAsked() == 0) {
      new SearchRelay(request, live, out, settings, onEnd).start();
      return;
    }
    SearchMerge merge = new SearchMerge(out, 1, onEnd);
    merge.notAsked(route.notAsked());
    StreamObserver<SearchEvent> part = merge.part("this tracker");
    new SearchRelay(request, route.asked(), merge.asCall(part), settings, part::onCompleted)
        .start();
  }
}
