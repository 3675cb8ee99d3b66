package io.diztl.tracker.internal;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.CancelStandingQueryRequest;
import io.diztl.proto.v1.CancelStandingQueryResponse;
import io.diztl.proto.v1.ChallengeRequest;
import io.diztl.proto.v1.ChallengeResponse;
import io.diztl.proto.v1.HeartbeatRequest;
import io.diztl.proto.v1.HeartbeatResponse;
import io.diztl.proto.v1.ListPeersRequest;
import io.diztl.proto.v1.ListPeersResponse;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.RegisterRequest;
import io.diztl.proto.v1.RegisterResponse;
import io.diztl.proto.v1.RegisterStandingQueryRequest;
import io.diztl.proto.v1.RegisterStandingQueryResponse;
import io.diztl.proto.v1.ReportStandingMatchesRequest;
import io.diztl.proto.v1.ReportStandingMatchesResponse;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.SearchRouting;
import io.diztl.proto.v1.StandingQuery;
import io.diztl.proto.v1.TrackerGrpc;
import io.diztl.proto.v1.UnregisterRequest;
import io.diztl.proto.v1.UnregisterResponse;
import io.diztl.tracker.TrackerLimits;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The tracker's gRPC service: registry upkeep and search relay. Over TLS a node registers, sends
 * heartbeats and unregisters only under the identity of its certificate ({@code PERMISSION_DENIED}
 * otherwise). Malformed requests fail with {@code INVALID_ARGUMENT}, requests beyond a {@link
 * TrackerLimits limit} with {@code RESOURCE_EXHAUSTED}; each says why.
 */
public final class TrackerGrpcService extends TrackerGrpc.TrackerImplBase {

  /** Nodes in a {@code ListPeers} page when the caller asks for no particular number. */
  public static final int DEFAULT_PAGE_SIZE = 500;

  /** The most nodes in one {@code ListPeers} page. */
  public static final int MAX_PAGE_SIZE = 1000;

  private final PeerRegistry registry;
  private final Duration heartbeatInterval;
  private final Duration searchDeadline;
  private final Executor executor;
  private final LongSupplier nanoClock;
  private final TrackerLimits limits;
  private final CallerPermits searches;
  private final Admission admission;
  private final StandingQueryRelay standing;
  private final NetworkRegistry network;
  private final SearchStarter relay;
  private final Supplier<Optional<SearchRouting>> searchRouting;

  /** Creates the service with the default {@link TrackerLimits}; see the full constructor. */
  public TrackerGrpcService(
      PeerRegistry registry,
      Duration heartbeatInterval,
      Duration searchDeadline,
      Executor executor,
      LongSupplier nanoClock,
      DeadlineTimer timer) {
    this(
        registry,
        heartbeatInterval,
        searchDeadline,
        executor,
        nanoClock,
        timer,
        TrackerLimits.DEFAULTS);
  }

  /**
   * Creates the service.
   *
   * @param registry the live nodes
   * @param heartbeatInterval how often nodes are told to send a heartbeat
   * @param searchDeadline how long a relayed search waits for each node
   * @param executor runs the callbacks of calls to nodes
   * @param nanoClock monotonic time in nanoseconds, such as {@code System::nanoTime}: times how
   *     long each node takes to answer a search
   * @param timer ends each relayed search at its deadline
   * @param limits searches in flight per caller, and when a node counts as slow
   */
  public TrackerGrpcService(
      PeerRegistry registry,
      Duration heartbeatInterval,
      Duration searchDeadline,
      Executor executor,
      LongSupplier nanoClock,
      DeadlineTimer timer,
      TrackerLimits limits) {
    this(
        registry,
        heartbeatInterval,
        searchDeadline,
        executor,
        nanoClock,
        limits,
        Admission.OPEN,
        null,
        new OwnNodesSearch(registry, searchDeadline, executor, nanoClock, timer, limits),
        null,
        null);
  }

  /**
   * Creates the service of one tracker of an open or a closed network, alone or with others: see
   * the other constructor.
   *
   * @param admission who may register: {@link Admission#OPEN} or a {@link KeyAdmission}
   * @param network the live nodes of the whole network, told of this tracker's nodes; null for the
   *     network of this tracker alone
   * @param relay starts each search relayed to the network (or to this tracker's own nodes only)
   * @param standing relays the standing queries (in a cluster, the cluster's); null for those of
   *     this tracker alone, in its memory
   * @param routing the search mode told to nodes in every registration and heartbeat answer; null
   *     to tell none
   */
  public TrackerGrpcService(
      PeerRegistry registry,
      Duration heartbeatInterval,
      Duration searchDeadline,
      Executor executor,
      LongSupplier nanoClock,
      TrackerLimits limits,
      Admission admission,
      NetworkRegistry network,
      SearchStarter relay,
      StandingQueryRelay standing,
      RoutingTable routing) {
    this.admission = Objects.requireNonNull(admission, "admission");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.heartbeatInterval = Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    this.searchDeadline = Objects.requireNonNull(searchDeadline, "searchDeadline");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.searches = new CallerPermits(limits.maxSearchesPerCaller());
    this.standing =
        standing != null
            ? standing
            : StandingQueryRelay.start(
                new StandingQueries(
                    Clock.systemUTC(),
                    StandingQueries.DEFAULT_MAX_PER_NODE,
                    StandingQueries.DEFAULT_MAX_TOTAL),
                registry,
                executor);
    this.network = network == null ? new LocalNetworkRegistry(registry) : network;
    this.relay = Objects.requireNonNull(relay, "relay");
    this.searchRouting =
        routing == null ? Optional::empty : () -> Optional.of(routing.searchRouting());
  }

  @Override
  public void register(RegisterRequest request, StreamObserver<RegisterResponse> out) {
    NodeInfo recorded;
    try {
      NodeInfo node = request.getNode();
      String id = ownId(node.getNodeId());
      if (!id.equals(node.getNodeId())) {
        node = node.toBuilder().setNodeId(id).build();
      }
      admission.admit(request, id);
      recorded = registry.register(node, RemoteAddressInterceptor.currentHost());
      network.joined(recorded);
    } catch (DiztlException e) {
      out.onError(status(e));
      return;
    }
    RegisterResponse.Builder answer =
        RegisterResponse.newBuilder()
            .setNode(recorded)
            .setHeartbeatIntervalMillis(heartbeatInterval.toMillis());
    searchRouting.get().ifPresent(answer::setSearchRouting);
    out.onNext(answer.build());
    out.onCompleted();
    standing.registered(recorded);
  }

  @Override
  public void challenge(ChallengeRequest request, StreamObserver<ChallengeResponse> out) {
    ChallengeResponse response;
    try {
      response = admission.challenge(request, Transport.callerId().orElse(""));
    } catch (DiztlException e) {
      out.onError(status(e));
      return;
    }
    out.onNext(response);
    out.onCompleted();
  }

  @Override
  public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatResponse> out) {
    String id;
    try {
      id = ownId(request.getNodeId());
    } catch (DiztlException e) {
      out.onError(status(e));
      return;
    }
    if (!registry.heartbeat(id)) {
      out.onError(
          Status.NOT_FOUND
              .withDescription("node " + LogText.of(id) + " is not registered; register again")
              .asRuntimeException());
      return;
    }
    registry.find(id).ifPresent(network::seen);
    HeartbeatResponse.Builder answer = HeartbeatResponse.newBuilder();
    searchRouting.get().ifPresent(answer::setSearchRouting);
    out.onNext(answer.build());
    out.onCompleted();
  }

  @Override
  public void unregister(UnregisterRequest request, StreamObserver<UnregisterResponse> out) {
    try {
      String id = ownId(request.getNodeId());
      registry.unregister(id);
      network.left(id);
    } catch (DiztlException e) {
      out.onError(status(e));
      return;
    }
    out.onNext(UnregisterResponse.getDefaultInstance());
    out.onCompleted();
  }

  /**
   * The node id a registry call acts on: the caller's identity from its TLS certificate, which a
   * non-empty {@code claimed} id must equal; without TLS, the claimed id.
   *
   * @throws DiztlException {@code INVALID_ARGUMENT} for a malformed id, {@code PERMISSION_DENIED}
   *     when the caller claims another node's id
   */
  private static String ownId(String claimed) {
    return ownId(claimed, Transport.callerId());
  }

  /** Like {@link #ownId(String)}, for a caller whose identity is {@code caller}. */
  static String ownId(String claimed, Optional<String> caller) {
    if (!claimed.isEmpty()) {
      RequestValidator.checkNodeId(claimed);
    }
    if (caller.isEmpty() || claimed.isEmpty() || claimed.equals(caller.get())) {
      return caller.orElse(claimed);
    }
    throw new DiztlException(
        ErrorKind.PERMISSION_DENIED,
        "node_id "
            + LogText.of(claimed)
            + " is not the caller's identity "
            + caller.get()
            + " (from its TLS certificate): a node may act only under its own id");
  }

  @Override
  public void search(SearchRequest request, StreamObserver<SearchEvent> out) {
    try {
      RequestValidator.checkSearch(request);
    } catch (InvalidRequestException e) {
      out.onError(status(e));
      return;
    }
    String caller = callerKey();
    if (!searches.tryAcquire(caller)) {
      out.onError(
          Status.RESOURCE_EXHAUSTED
              .withDescription(
                  "address "
                      + LogText.of(caller.isEmpty() ? "(unknown)" : caller)
                      + " already has "
                      + searches.perCaller()
                      + " searches in flight, the most one address may; wait for one to end")
              .asRuntimeException());
      return;
    }
    relay.start(
        request, (ServerCallStreamObserver<SearchEvent>) out, () -> searches.release(caller));
  }

  /**
   * Answers one page of live nodes in the order of their ids; the page token is the id of the last
   * node of the previous page.
   */
  @Override
  public void listPeers(ListPeersRequest request, StreamObserver<ListPeersResponse> out) {
    String after = request.getPageToken();
    int size = request.getPageSize();
    try {
      if (!after.isEmpty()) {
        RequestValidator.checkNodeId(after);
      }
      if (size < 0) {
        throw new InvalidRequestException("page_size must not be negative, found " + size);
      }
    } catch (InvalidRequestException e) {
      out.onError(
          Status.INVALID_ARGUMENT
              .withDescription("bad page_token or page_size: " + e.getMessage())
              .asRuntimeException());
      return;
    }
    int pageSize = size == 0 ? DEFAULT_PAGE_SIZE : Math.min(size, MAX_PAGE_SIZE);
    List<NodeInfo> page = network.page(after, pageSize + 1);
    ListPeersResponse.Builder response = ListPeersResponse.newBuilder();
    page.stream()
        .limit(pageSize)
        .forEach(
            node ->
                response.addNodes(
                    node.toBuilder()
                        .setHost(RemoteAddressInterceptor.hostForCaller(node.getHost()))));
    if (page.size() > pageSize) {
      response.setNextPageToken(page.get(pageSize - 1).getNodeId());
    }
    out.onNext(response.build());
    out.onCompleted();
  }

  @Override
  public void registerStandingQuery(
      RegisterStandingQueryRequest request, StreamObserver<RegisterStandingQueryResponse> out) {
    StandingQuery held;
    try {
      held = standing.register(ownId(request.getQuery().getAskerNodeId()), request.getQuery());
    } catch (DiztlException e) {
      out.onError(status(e));
      return;
    }
    out.onNext(RegisterStandingQueryResponse.newBuilder().setQuery(held).build());
    out.onCompleted();
  }

  @Override
  public void cancelStandingQuery(
      CancelStandingQueryRequest request, StreamObserver<CancelStandingQueryResponse> out) {
    try {
      standing.cancel(ownId(request.getNodeId()), request.getId());
    } catch (DiztlException e) {
      out.onError(status(e));
      return;
    }
    out.onNext(CancelStandingQueryResponse.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void reportStandingMatches(
      ReportStandingMatchesRequest request, StreamObserver<ReportStandingMatchesResponse> out) {
    try {
      standing.report(ownId(request.getNodeId()), request);
    } catch (DiztlException e) {
      out.onError(status(e));
      return;
    }
    out.onNext(ReportStandingMatchesResponse.getDefaultInstance());
    out.onCompleted();
  }

  private static String callerKey() {
    String caller = RemoteAddressInterceptor.currentHost();
    return caller == null ? "" : caller;
  }

  /** The status for a refused request: its kind as the code, its message as the description. */
  private static RuntimeException status(DiztlException e) {
    return statusOf(e).asRuntimeException();
  }

  /** The status for a refused request: its kind as the code, its message as the description. */
  static Status statusOf(DiztlException e) {
    Status.Code code =
        e.kind() == ErrorKind.TIMED_OUT
            ? Status.Code.DEADLINE_EXCEEDED
            : Status.Code.valueOf(e.kind().name());
    return Status.fromCode(code).withDescription(e.getMessage());
  }
}
