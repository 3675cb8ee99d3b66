package io.diztl.tracker.internal;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.proto.v1.DeliverStandingMatchesRequest;
import io.diztl.proto.v1.DeliverStandingMatchesResponse;
import io.diztl.proto.v1.HoldStandingQueriesRequest;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.PeerGrpc;
import io.diztl.proto.v1.ReportStandingMatchesRequest;
import io.diztl.proto.v1.StandingQuery;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes standing queries to this tracker's own nodes and their matches to the asking node: a query
 * registered or cancelled (through this tracker or, in a cluster, any other) goes to every live
 * node of this tracker, the whole set to each node that registers (joins, moves, or comes back
 * after a tracker restart), and each reported match to the asker, directly when it is one of this
 * tracker's nodes and otherwise through the {@link StandingMatchRoute} to the tracker it talks to.
 * Calls run in the background; a node that misses one gets the whole set again when it next
 * registers.
 */
public final class StandingQueryRelay {

  private static final Logger LOG = LoggerFactory.getLogger(StandingQueryRelay.class);
  private static final Duration CALL_DEADLINE = Duration.ofSeconds(5);

  private final StandingQueries queries;
  private final PeerRegistry registry;
  private final Executor executor;
  private final StandingMatchRoute route;

  private StandingQueryRelay(
      StandingQueries queries, PeerRegistry registry, Executor executor, StandingMatchRoute route) {
    this.queries = Objects.requireNonNull(queries, "queries");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.route = Objects.requireNonNull(route, "route");
  }

  /** Relays the queries of {@code queries} to the nodes of {@code registry}, a tracker alone. */
  public static StandingQueryRelay start(
      StandingQueries queries, PeerRegistry registry, Executor executor) {
    return start(queries, registry, executor, StandingMatchRoute.NONE);
  }

  /**
   * Relays the standing queries of the cluster of {@code cluster} (kept in its engine, with the
   * default limits) to the nodes of {@code registry}, and routes matches through the cluster.
   */
  public static StandingQueryRelay clustered(
      HazelcastCluster cluster, PeerRegistry registry, Executor executor) {
    Clock clock = Clock.systemUTC();
    StandingQueries queries =
        new StandingQueries(
            new ClusterStandingQueryStore(
                cluster.engine().getMap(ClusterStandingQueryStore.MAP), clock),
            clock,
            StandingQueries.DEFAULT_MAX_PER_NODE,
            StandingQueries.DEFAULT_MAX_TOTAL);
    return start(
        queries,
        registry,
        executor,
        new ClusterStandingMatchRoute(cluster.engine().getTopic(ClusterStandingMatchRoute.TOPIC)));
  }

  private static StandingQueryRelay start(
      StandingQueries queries, PeerRegistry registry, Executor executor, StandingMatchRoute route) {
    StandingQueryRelay relay = new StandingQueryRelay(queries, registry, executor, route);
    queries.listen(
        new StandingQueryStore.Listener() {
          @Override
          public void held(StandingQuery query) {
            relay.pushToAll(HoldStandingQueriesRequest.newBuilder().addQueries(query).build());
          }

          @Override
          public void cancelled(String id) {
            relay.pushToAll(HoldStandingQueriesRequest.newBuilder().addCancelledIds(id).build());
          }
        });
    route.receive(relay::deliverIfOwn);
    return relay;
  }

  /** The queries held. */
  public StandingQueries queries() {
    return queries;
  }

  /** Registers {@code query} of {@code asker}; it goes to every live node of the network. */
  public StandingQuery register(String asker, StandingQuery query) {
    StandingQuery held = queries.register(asker, query);
    LOG.info(
        "standing query {} of node {} registered: {}",
        held.getId(),
        asker,
        LogText.of(held.getQuery().getQuery()));
    return held;
  }

  /** Cancels query {@code id} of {@code asker} on every live node of the network. */
  public void cancel(String asker, String id) {
    queries.cancel(asker, id);
    LOG.info("standing query {} of node {} cancelled", id, asker);
  }

  /** Sends the whole set to a node that has just registered. */
  public void registered(NodeInfo node) {
    List<StandingQuery> all = queries.all();
    node(node.getNodeId())
        .ifPresent(
            channel ->
                hold(
                    node.getNodeId(),
                    channel,
                    HoldStandingQueriesRequest.newBuilder()
                        .addAllQueries(all)
                        .setReplace(true)
                        .build()));
  }

  /**
   * Passes the matches {@code reporter} found on to the query's asker: directly when it is a node
   * of this tracker, else through the cluster; dropped when the asker is not online.
   *
   * @throws DiztlException {@code NOT_FOUND} when the query has ended
   */
  public void report(String reporter, ReportStandingMatchesRequest report) {
    StandingQuery query =
        queries
            .get(report.getQueryId())
            .orElseThrow(
                () ->
                    new DiztlException(
                        ErrorKind.NOT_FOUND,
                        "no standing query " + LogText.of(report.getQueryId()) + ": it has ended"));
    Optional<RegisteredNode> from = registry.liveNode(reporter);
    if (from.isEmpty()) {
      LOG.debug(
          "dropping {} matches of standing query {}: node {} is not registered here",
          report.getHitsCount(),
          query.getId(),
          reporter);
      return;
    }
    DeliverStandingMatchesRequest delivery =
        DeliverStandingMatchesRequest.newBuilder()
            .setQueryId(query.getId())
            .setNode(from.get().info())
            .addAllHits(report.getHitsList())
            .setOmitted(report.getOmitted())
            .build();
    // An asker that refuses this tracker (it has moved to another) is reached through the cluster.
    if (!deliverIfOwn(query, delivery, () -> sendOn(query, delivery))) {
      sendOn(query, delivery);
    }
  }

  private void sendOn(StandingQuery query, DeliverStandingMatchesRequest delivery) {
    if (!route.send(delivery)) {
      LOG.debug(
          "dropping {} matches of standing query {}: node {} is not online",
          delivery.getHitsCount(),
          query.getId(),
          query.getAskerNodeId());
    }
  }

  /**
   * Delivers {@code delivery} from another tracker when its query's asker is a node of this one.
   */
  private void deliverIfOwn(DeliverStandingMatchesRequest delivery) {
    queries.get(delivery.getQueryId()).ifPresent(query -> deliverIfOwn(query, delivery, () -> {}));
  }

  /**
   * Delivers to the asker when it is a node of this tracker, running {@code onFailure} if the call
   * fails; false when it is not.
   */
  private boolean deliverIfOwn(
      StandingQuery query, DeliverStandingMatchesRequest delivery, Runnable onFailure) {
    Optional<ManagedChannel> asker = node(query.getAskerNodeId());
    if (asker.isEmpty()) {
      return false;
    }
    String what = "deliver matches of " + query.getId() + " to " + query.getAskerNodeId();
    detached(
        () ->
            stub(asker.get())
                .deliverStandingMatches(
                    delivery,
                    new StreamObserver<>() {
                      @Override
                      public void onNext(DeliverStandingMatchesResponse value) {}

                      @Override
                      public void onError(Throwable t) {
                        LOG.debug("could not {}: {}", what, t.toString());
                        onFailure.run();
                      }

                      @Override
                      public void onCompleted() {}
                    }));
    return true;
  }

  private void pushToAll(HoldStandingQueriesRequest request) {
    for (RegisteredNode node : registry.live()) {
      node.channel().ifPresent(channel -> hold(node.info().getNodeId(), channel, request));
    }
  }

  private void hold(String nodeId, ManagedChannel channel, HoldStandingQueriesRequest request) {
    detached(
        () ->
            stub(channel)
                .holdStandingQueries(request, new Logged<>("send standing queries to " + nodeId)));
  }

  /** Runs a call outside the current call's context, so that the end of that call ends none. */
  private static void detached(Runnable call) {
    Context.current().fork().run(call);
  }

  private Optional<ManagedChannel> node(String id) {
    return registry.liveNode(id).flatMap(RegisteredNode::channel);
  }

  private PeerGrpc.PeerStub stub(ManagedChannel channel) {
    return PeerGrpc.newStub(channel)
        .withExecutor(executor)
        .withDeadlineAfter(CALL_DEADLINE.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Logs a failed background call at DEBUG: the node gets the set again when it registers. */
  private record Logged<T>(String what) implements StreamObserver<T> {
    @Override
    public void onNext(T value) {}

    @Override
    public void onError(Throwable t) {
      LOG.debug("could not {}: {}", what, t.toString());
    }

    @Override
    public void onCompleted() {}
  }
}
