package io.diztl.tracker.internal;

import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.tracker.TrackerLimits;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/** Starts searches relayed to the live nodes of this tracker's own {@link PeerRegistry}. */
public final class OwnNodesSearch implements SearchStarter {

  private final PeerRegistry registry;
  private final SearchRelay.Settings settings;

  /**
   * Relays to the nodes of {@code registry}.
   *
   * @param searchDeadline how long each node is given to answer
   * @param executor runs the callbacks of calls to nodes
   * @param nanoClock monotonic time in nanoseconds, for the nodes' elapsed times
   * @param limits when a node counts as slow
   */
  public OwnNodesSearch(
      PeerRegistry registry,
      Duration searchDeadline,
      Executor executor,
      LongSupplier nanoClock,
      TrackerLimits limits) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.settings =
        new SearchRelay.Settings(
            Objects.requireNonNull(searchDeadline, "searchDeadline"),
            Objects.requireNonNull(limits, "limits").slowAfterTimeouts(),
            Objects.requireNonNull(executor, "executor"),
            Objects.requireNonNull(nanoClock, "nanoClock"));
  }

  @Override
  public void start(
      SearchRequest request, ServerCallStreamObserver<SearchEvent> out, Runnable onEnd) {
    new SearchRelay(request, registry.live(), out, settings, onEnd).start();
  }
}
