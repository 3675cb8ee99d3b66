package io.diztl.node.internal.tracker;

import com.google.protobuf.ByteString;
import io.diztl.api.ui.Cancellable;
import io.diztl.node.internal.GrpcErrors;
import io.diztl.proto.NetworkKey;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.CancelStandingQueryRequest;
import io.diztl.proto.v1.HeartbeatRequest;
import io.diztl.proto.v1.HeartbeatResponse;
import io.diztl.proto.v1.ListPeersRequest;
import io.diztl.proto.v1.ListPeersResponse;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.PublishSummaryRequest;
import io.diztl.proto.v1.RegisterRequest;
import io.diztl.proto.v1.RegisterResponse;
import io.diztl.proto.v1.RegisterStandingQueryRequest;
import io.diztl.proto.v1.ReportStandingMatchesRequest;
import io.diztl.proto.v1.ReportStandingMatchesResponse;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.SearchRouting;
import io.diztl.proto.v1.StandingQuery;
import io.diztl.proto.v1.TrackerGrpc;
import io.diztl.proto.v1.TrackerRoutingGrpc;
import io.diztl.proto.v1.UnregisterRequest;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's link to its tracker: registers in the background (retrying while the tracker is down),
 * sends heartbeats, registers again when the tracker forgot the node, and unregisters on close.
 * Node start never waits for the tracker.
 */
public final class TrackerLink implements TrackerClient, StandingQueryLink, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TrackerLink.class);

  /** Pause between attempts while the tracker cannot be reached. */
  static final Duration RETRY = Duration.ofSeconds(2);

  /**
   * Pause before registering again after the tracker refused this node (a closed network without
   * its key, or a tracker that does not prove this node's key): only a changed setup helps.
   */
  static final Duration REFUSED_RETRY = Duration.ofSeconds(30);

  static final Duration MIN_HEARTBEAT = Duration.ofSeconds(1);
  static final Duration MAX_HEARTBEAT = Duration.ofSeconds(5);
  private static final Duration CALL_DEADLINE = Duration.ofSeconds(3);
  private static final Duration UNREGISTER_DEADLINE = Duration.ofSeconds(1);

  /** Most nodes {@link #listPeers} takes from the tracker: a tracker's own default bound. */
  static final int MAX_PEERS = 10_000;

  /** Nodes asked for per page, the tracker's largest page. */
  private static final int PEERS_PAGE = 1000;

  /** How long all the pages of one listing may take together. */
  private static final Duration LIST_DEADLINE = Duration.ofSeconds(10);

  private final TrackerAddress address;
  private final TrackerPin pin;
  private final NodeInfo self;
  private final NetworkLogin login;
  private final ManagedChannel channel;
  private final Executor callbackExecutor;
  private final ScheduledExecutorService scheduler;
  private final Optional<SearchAnswerer> answerer;
  private volatile RelayStream relay; // opened and replaced on the scheduler
  private volatile boolean relayUnsupported;
  private volatile boolean connected;
  private volatile boolean registered;
  private volatile boolean closed;
  private boolean warned;
  private volatile String refusal;
  private volatile Optional<SearchRouting> searchRouting = Optional.empty();
  private volatile Consumer<Boolean> connectivity = up -> {};
  private volatile Runnable onRegistered = () -> {};
  private Duration heartbeat = MAX_HEARTBEAT;
  private volatile long registrations;
  private volatile long failures;

  private TrackerLink(
      TrackerAddress address,
      TrackerPin pin,
      NodeInfo self,
      Transport transport,
      Executor callbackExecutor,
      NetworkLogin login,
      Optional<SearchAnswerer> answerer) {
    this.address = address;
    this.answerer = answerer;
    this.pin = pin;
    this.self = self;
    this.login = login;
    this.callbackExecutor = callbackExecutor;
    this.channel = transport.channel(address.host(), address.port(), pin);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("diztl-tracker-link").daemon().factory());
  }

  /**
   * Opens a channel over {@code transport} to {@code address}, pinning the tracker's identity as
   * the address gives it or as learned on first use (kept in {@code dataDir}), and starts
   * registering {@code self} in the background; streamed results are delivered on {@code
   * callbackExecutor}.
   */
  public static TrackerLink start(
      TrackerAddress address,
      NodeInfo self,
      Transport transport,
      Path dataDir,
      Executor callbackExecutor) {
    return start(address, self, transport, dataDir, callbackExecutor, Optional.empty());
  }

  /**
   * Like {@link #start(TrackerAddress, NodeInfo, Transport, Path, Executor)}, and in a closed
   * network (with {@code networkKey}) proves the key at each registration and joins only a tracker
   * that proves it too.
   */
  public static TrackerLink start(
      TrackerAddress address,
      NodeInfo self,
      Transport transport,
      Path dataDir,
      Executor callbackExecutor,
      Optional<NetworkKey> networkKey) {
    return start(address, self, transport, dataDir, callbackExecutor, networkKey, Optional.empty());
  }

  /**
   * Like {@link #start(TrackerAddress, NodeInfo, Transport, Path, Executor, Optional)}, and once
   * registered holds a relay stream open to the tracker on which {@code answerer} answers the
   * searches the tracker sends (reopened after it breaks, at the next heartbeat; a tracker without
   * relay streams asks this node by calls to its peer service instead).
   */
  public static TrackerLink start(
      TrackerAddress address,
      NodeInfo self,
      Transport transport,
      Path dataDir,
      Executor callbackExecutor,
      Optional<NetworkKey> networkKey,
      SearchAnswerer answerer) {
    return start(
        address,
        self,
        transport,
        dataDir,
        callbackExecutor,
        networkKey,
        Optional.of(Objects.requireNonNull(answerer, "answerer")));
  }

  private static TrackerLink start(
      TrackerAddress address,
      NodeInfo self,
      Transport transport,
      Path dataDir,
      Executor callbackExecutor,
      Optional<NetworkKey> networkKey,
      Optional<SearchAnswerer> answerer) {
    TrackerLink link =
        new TrackerLink(
            Objects.requireNonNull(address, "address"),
            TrackerPin.load(Objects.requireNonNull(dataDir, "dataDir"), address),
            Objects.requireNonNull(self, "self"),
            Objects.requireNonNull(transport, "transport"),
            Objects.requireNonNull(callbackExecutor, "callbackExecutor"),
            new NetworkLogin(networkKey),
            answerer);
    link.scheduler.execute(link::tick);
    return link;
  }

  /** The tracker's address, with the identity pinned so far. */
  @Override
  public TrackerAddress address() {
    return address.withFingerprint(pin.pinned().orElse(""));
  }

  @Override
  public boolean connected() {
    return connected;
  }

  @Override
  public Optional<SearchRouting> searchRouting() {
    return connected ? searchRouting : Optional.empty();
  }

  @Override
  public Optional<String> refusal() {
    return Optional.ofNullable(refusal);
  }

  @Override
  public Cancellable search(
      SearchRequest request, Duration deadline, StreamObserver<SearchEvent> events) {
    String refused = refusal;
    if (refused != null) {
      // A tracker that refused this node (or that this node refused) gets no searches from it.
      events.onError(
          Status.UNAVAILABLE
              .withDescription("tracker " + address + " refused this node: " + refused)
              .asRuntimeException());
      return () -> {};
    }
    wakeIfDown();
    AtomicReference<ClientCallStreamObserver<SearchRequest>> call = new AtomicReference<>();
    TrackerGrpc.newStub(channel)
        .withExecutor(callbackExecutor)
        .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
        .search(
            request,
            new ClientResponseObserver<SearchRequest, SearchEvent>() {
              @Override
              public void beforeStart(ClientCallStreamObserver<SearchRequest> started) {
                call.set(started);
              }

              @Override
              public void onNext(SearchEvent event) {
                events.onNext(event);
              }

              @Override
              public void onError(Throwable t) {
                events.onError(t);
              }

              @Override
              public void onCompleted() {
                events.onCompleted();
              }
            });
    return () -> call.get().cancel("the search was cancelled", null);
  }

  /**
   * {@inheritDoc} Follows the tracker's pages up to {@value #MAX_PEERS} nodes, each page within 3 s
   * and all of them within 10 s.
   */
  @Override
  public List<NodeInfo> listPeers() {
    wakeIfDown();
    Deadline all = Deadline.after(LIST_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    List<NodeInfo> nodes = new ArrayList<>();
    String token = "";
    try {
      for (int pages = 0; pages * PEERS_PAGE < MAX_PEERS; pages++) {
        ListPeersResponse page =
            TrackerGrpc.newBlockingStub(channel)
                .withDeadline(
                    all.minimum(Deadline.after(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)))
                .listPeers(
                    ListPeersRequest.newBuilder()
                        .setPageSize(PEERS_PAGE)
                        .setPageToken(token)
                        .build());
        nodes.addAll(page.getNodesList());
        token = page.getNextPageToken();
        if (token.isEmpty() || nodes.size() >= MAX_PEERS) {
          break;
        }
      }
      return nodes.size() > MAX_PEERS ? List.copyOf(nodes.subList(0, MAX_PEERS)) : nodes;
    } catch (StatusRuntimeException e) {
      throw GrpcErrors.fromCall(
          "tracker " + address + (GrpcErrors.unreachable(e) ? " unreachable" : " failed"), e);
    }
  }

  /** How many registrations or heartbeats over this link failed to reach the tracker. */
  long failures() {
    return failures;
  }

  /** How many times the node has registered with the tracker over this link. */
  long registrations() {
    return registrations;
  }

  /**
   * Sends the tracker this node's share summary, within 3 s.
   *
   * @throws StatusRuntimeException when the tracker cannot be reached or refuses it ({@code
   *     UNIMPLEMENTED} from a tracker that does not route)
   */
  void publishSummary(ByteString summary) {
    TrackerRoutingGrpc.newBlockingStub(channel)
        .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
        .publishSummary(
            PublishSummaryRequest.newBuilder()
                .setNodeId(self.getNodeId())
                .setSummary(summary)
                .build());
  }

  /**
   * Tells {@code listener} each time the link comes up ({@code true}) or goes down ({@code false}),
   * on the link's thread.
   */
  public void onConnectivityChange(Consumer<Boolean> listener) {
    connectivity = Objects.requireNonNull(listener, "listener");
  }

  private void setConnected(boolean up) {
    if (connected != up) {
      connected = up;
      connectivity.accept(up);
    }
  }

  /** Makes a channel that gave up connecting try again at once rather than after its backoff. */
  private void wakeIfDown() {
    if (!connected) {
      channel.resetConnectBackoff();
    }
  }

  private TrackerGrpc.TrackerBlockingStub stub(Duration deadline) {
    return TrackerGrpc.newBlockingStub(channel)
        .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One registration or heartbeat; runs on the scheduler and plans the next. */
  private void tick() {
    if (closed) {
      return;
    }
    Duration next;
    try {
      if (registered) {
        HeartbeatResponse answer =
            stub(CALL_DEADLINE)
                .heartbeat(HeartbeatRequest.newBuilder().setNodeId(self.getNodeId()).build());
        heard(answer.hasSearchRouting() ? answer.getSearchRouting() : null);
      } else {
        register();
      }
      if (warned || refusal != null) {
        LOG.info("tracker {} reachable again", address);
      }
      refusal = null;
      setConnected(true);
      warned = false;
      keepRelayOpen();
      next = heartbeat;
    } catch (StatusRuntimeException e) {
      next = failed(e);
    } catch (RuntimeException e) {
      LOG.warn("tracker link to {} failed unexpectedly: {}", address, e.toString(), e);
      next = RETRY;
    }
    try {
      scheduler.schedule(this::tick, next.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closing
    }
  }

  private void register() {
    RegisterRequest request = login.request(stub(CALL_DEADLINE), self, pin::pinned);
    RegisterResponse response = stub(CALL_DEADLINE).register(request);
    long millis = response.getHeartbeatIntervalMillis();
    heartbeat =
        millis <= 0
            ? MAX_HEARTBEAT
            : Duration.ofMillis(
                Math.clamp(millis, MIN_HEARTBEAT.toMillis(), MAX_HEARTBEAT.toMillis()));
    heard(response.hasSearchRouting() ? response.getSearchRouting() : null);
    registered = true;
    relayUnsupported = false;
    callbackExecutor.execute(onRegistered);
    registrations++;
    NodeInfo recorded = response.getNode();
    LOG.info(
        "registered node {} with tracker {} as {}:{} (heartbeat every {} ms)",
        self.getNodeId(),
        address,
        recorded.getHost(),
        recorded.getPort(),
        heartbeat.toMillis());
  }

  /**
   * Opens the relay stream if this link answers searches on one and it is not open; a tracker that
   * has no relay streams is not asked again until the node registers again.
   */
  private void keepRelayOpen() {
    if (answerer.isEmpty() || relayUnsupported || closed) {
      return;
    }
    RelayStream current = relay;
    if (current == null || current.ended()) {
      relay =
          RelayStream.open(
              channel,
              self.getNodeId(),
              answerer.get(),
              callbackExecutor,
              scheduler,
              this::relayEnded);
    }
  }

  /** Whether the relay stream is open, as far as this side knows. */
  boolean relayOpen() {
    RelayStream current = relay;
    return current != null && !current.ended();
  }

  private void relayEnded(Status status) {
    if (status.getCode() == Status.Code.UNIMPLEMENTED) {
      relayUnsupported = true;
      LOG.info("tracker {} takes no relay stream: it asks this node by calls", address);
    } else if (!closed) {
      LOG.debug(
          "relay stream to tracker {} ended ({}); reopened at the next heartbeat",
          address,
          GrpcErrors.describe(status.asRuntimeException()));
    }
  }

  /** Keeps the search mode the tracker told; null when it told none (an older tracker). */
  private void heard(SearchRouting told) {
    searchRouting = Optional.ofNullable(told);
  }

  private Duration failed(StatusRuntimeException e) {
    if (e.getStatus().getCode() == Status.Code.NOT_FOUND && registered) {
      LOG.info(
          "tracker {} no longer knows node {} (restarted?): registering again",
          address,
          self.getNodeId());
      registered = false;
      return Duration.ZERO;
    }
    failures++;
    setConnected(false);
    if (closed) {
      return RETRY;
    }
    if (e.getStatus().getCode() == Status.Code.PERMISSION_DENIED) {
      return refused(e);
    }
    if (!warned) {
      warned = true;
      LOG.warn(
          "tracker {} unreachable ({}): retrying every {} s",
          address,
          GrpcErrors.describe(e),
          RETRY.toSeconds());
    } else {
      LOG.debug("tracker {} still unreachable: {}", address, GrpcErrors.describe(e));
    }
    channel.resetConnectBackoff();
    return RETRY;
  }

  /** A refusal no retry soon can change: said once (again when it changes), retried slowly. */
  private Duration refused(StatusRuntimeException e) {
    registered = false;
    String why = GrpcErrors.describe(e);
    if (!why.equals(refusal)) {
      refusal = why;
      LOG.warn(
          "tracker {} refused node {}: {}; trying again every {} s",
          address,
          self.getNodeId(),
          why,
          REFUSED_RETRY.toSeconds());
    }
    return REFUSED_RETRY;
  }

  /**
   * Runs {@code listener} on the callback executor after each registration with the tracker: at
   * first, after a move and after a tracker restart; at once too when the node is registered
   * already.
   */
  public void onRegistered(Runnable listener) {
    onRegistered = Objects.requireNonNull(listener, "listener");
    if (registered) {
      callbackExecutor.execute(listener);
    }
  }

  @Override
  public StandingQuery register(StandingQuery query) {
    wakeIfDown();
    try {
      return stub(CALL_DEADLINE)
          .registerStandingQuery(RegisterStandingQueryRequest.newBuilder().setQuery(query).build())
          .getQuery();
    } catch (StatusRuntimeException e) {
      throw GrpcErrors.fromCall("tracker " + address + " refused the standing query", e);
    }
  }

  @Override
  public void cancel(String id) {
    wakeIfDown();
    try {
      stub(CALL_DEADLINE)
          .cancelStandingQuery(
              CancelStandingQueryRequest.newBuilder()
                  .setId(id)
                  .setNodeId(self.getNodeId())
                  .build());
    } catch (StatusRuntimeException e) {
      throw GrpcErrors.fromCall("tracker " + address + " did not cancel the standing query", e);
    }
  }

  @Override
  public void report(ReportStandingMatchesRequest report) {
    TrackerGrpc.newStub(channel)
        .withExecutor(callbackExecutor)
        .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
        .reportStandingMatches(
            report.toBuilder().setNodeId(self.getNodeId()).build(),
            new StreamObserver<>() {
              @Override
              public void onNext(ReportStandingMatchesResponse value) {}

              @Override
              public void onError(Throwable t) {
                LOG.debug(
                    "could not report matches of standing query {}: {}",
                    report.getQueryId(),
                    GrpcErrors.describe(t));
              }

              @Override
              public void onCompleted() {}
            });
  }

  /** Stops the heartbeats, unregisters with a short deadline and closes the channel. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(CALL_DEADLINE.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
        LOG.warn("tracker link thread did not stop in time");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    RelayStream open = relay;
    if (open != null) {
      open.close();
    }
    if (registered && connected) {
      try {
        stub(UNREGISTER_DEADLINE)
            .unregister(UnregisterRequest.newBuilder().setNodeId(self.getNodeId()).build());
        LOG.info("unregistered node {} from tracker {}", self.getNodeId(), address);
      } catch (StatusRuntimeException e) {
        LOG.debug("could not unregister from tracker {}: {}", address, GrpcErrors.describe(e));
      }
    }
    connected = false;
    Transport.close(channel);
  }
}
