package io.diztl.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.proto.Fingerprint;
import io.diztl.proto.Identity;
import io.diztl.proto.PeerPin;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.HeartbeatRequest;
import io.diztl.proto.v1.ListPeersRequest;
import io.diztl.proto.v1.ListPeersResponse;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.NodeOutcome;
import io.diztl.proto.v1.PeerGrpc;
import io.diztl.proto.v1.RegisterRequest;
import io.diztl.proto.v1.RegisterResponse;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchHit;
import io.diztl.proto.v1.SearchMode;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.SearchResponse;
import io.diztl.proto.v1.SearchRouting;
import io.diztl.proto.v1.SearchSummary;
import io.diztl.proto.v1.TrackerGrpc;
import io.diztl.proto.v1.UnregisterRequest;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TrackerServerIT {

  private static final String LOOPBACK = "127.0.0.1";
  private static final Duration LONG = Duration.ofSeconds(60);

  private final ExecutorService nodeExecutor = Executors.newVirtualThreadPerTaskExecutor();
  private final Deque<Runnable> cleanup = new ArrayDeque<>();
  private TrackerServer current;

  @AfterEach
  void closeAll() {
    while (!cleanup.isEmpty()) {
      cleanup.pop().run();
    }
    nodeExecutor.shutdownNow();
  }

  // ---- fixtures ----------------------------------------------------------------------------

  private TrackerServer tracker(Duration ttl, Duration searchDeadline) {
    return tracker(new TrackerConfig(LOOPBACK, 0, ttl, searchDeadline));
  }

  private TrackerServer tracker(TrackerConfig config) {
    return tracker(config, Transport.tls(Identity.generate()));
  }

  private TrackerServer tracker(TrackerConfig config, Transport transport) {
    TrackerServer tracker = TrackerServer.start(config, transport);
    cleanup.push(tracker::close);
    current = tracker;
    return tracker;
  }

  /** A client with an identity of its own, which no node registered. */
  private TrackerGrpc.TrackerBlockingStub client(TrackerServer tracker) {
    return client(tracker, Transport.tls(Identity.generate()));
  }

  private TrackerGrpc.TrackerBlockingStub client(TrackerServer tracker, Transport transport) {
    return TrackerGrpc.newBlockingStub(channel(tracker, transport))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private ManagedChannel channel(TrackerServer tracker, Transport transport) {
    ManagedChannel channel =
        transport.channel(LOOPBACK, tracker.port(), tracker.id().map(PeerPin::of).orElse(id -> {}));
    cleanup.push(() -> Transport.close(channel));
    return channel;
  }

  private FakeNode node(boolean stall, String... hitNames) {
    return node(Transport.tls(Identity.generate()), stall, hitNames);
  }

  private FakeNode node(Transport transport, boolean stall, String... hitNames) {
    FakeNode node = new FakeNode(transport, stall, hitNames);
    node.server =
        transport.startServer(LOOPBACK, 0, nodeExecutor, List.of(node.bindService()), List.of());
    cleanup.push(() -> Transport.close(node.server));
    return node;
  }

  /** The node's own client of the current tracker: calls carry the node's identity. */
  private TrackerGrpc.TrackerBlockingStub own(FakeNode node) {
    if (node.client == null) {
      node.client = client(current, node.transport);
    }
    return node.client;
  }

  private static String someId() {
    return Fingerprint.of(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
  }

  private static NodeInfo info(String id, String host, int port) {
    return NodeInfo.newBuilder().setNodeId(id).setHost(host).setPort(port).setName("n").build();
  }

  /**
   * Registers {@code node} through its own client, at {@code host} (empty: as the tracker sees).
   */
  private NodeInfo join(FakeNode node, String host) {
    node.info = own(node).register(request(info(node.id(), host, node.server.getPort()))).getNode();
    return node.info;
  }

  private NodeInfo register(TrackerGrpc.TrackerBlockingStub ignored, FakeNode node) {
    return join(node, LOOPBACK);
  }

  private static RegisterRequest request(NodeInfo node) {
    return RegisterRequest.newBuilder().setNode(node).build();
  }

  private static List<String> peerIds(TrackerGrpc.TrackerBlockingStub client) {
    return client.listPeers(ListPeersRequest.getDefaultInstance()).getNodesList().stream()
        .map(NodeInfo::getNodeId)
        .sorted()
        .toList();
  }

  private static List<SearchEvent> search(TrackerGrpc.TrackerBlockingStub client, SearchRequest r) {
    List<SearchEvent> events = new ArrayList<>();
    client.search(r).forEachRemaining(events::add);
    return events;
  }

  private static SearchSummary lastSummary(List<SearchEvent> events) {
    SearchEvent last = events.getLast();
    assertTrue(last.hasSummary(), "the last event is the summary: " + events);
    assertEquals(1, events.stream().filter(SearchEvent::hasSummary).count(), "one summary");
    return last.getSummary();
  }

  /** The summary's counts, without the outcomes. */
  private static SearchSummary counts(SearchSummary summary) {
    return summary.toBuilder().clearOutcomes().build();
  }

  private static Map<String, NodeOutcome> outcomesByNode(SearchSummary summary) {
    return summary.getOutcomesList().stream()
        .collect(Collectors.toMap(o -> o.getNode().getNodeId(), o -> o));
  }

  private static Map<String, List<String>> hitsByNode(List<SearchEvent> events) {
    return events.stream()
        .filter(SearchEvent::hasResults)
        .collect(
            Collectors.toMap(
                e -> e.getResults().getNode().getNodeId(),
                e -> e.getResults().getHitsList().stream().map(SearchHit::getName).toList()));
  }

  private static SearchSummary summary(int nodes, int answered, int failed, int timedOut) {
    return SearchSummary.newBuilder()
        .setNodes(nodes)
        .setAnswered(answered)
        .setFailed(failed)
        .setTimedOut(timedOut)
        .build();
  }

  private static SearchRequest query(String text) {
    return SearchRequest.newBuilder().setQuery(text).build();
  }

  /** A node's peer service that answers searches with fixed hits, or never answers. */
  private static final class FakeNode extends PeerGrpc.PeerImplBase {
    final Transport transport;
    volatile boolean stall;
    final List<SearchHit> hits = new ArrayList<>();
    final CountDownLatch received = new CountDownLatch(1);
    final CountDownLatch cancelled = new CountDownLatch(1);
    final AtomicReference<SearchRequest> lastRequest = new AtomicReference<>();
    Server server;
    NodeInfo info;
    TrackerGrpc.TrackerBlockingStub client;

    FakeNode(Transport transport, boolean stall, String... hitNames) {
      this.transport = transport;
      this.stall = stall;
      for (String name : hitNames) {
        hits.add(SearchHit.newBuilder().setFileId("id-" + name).setName(name).setSize(1).build());
      }
    }

    String id() {
      return transport.id().orElseThrow();
    }

    @Override
    public void search(SearchRequest request, StreamObserver<SearchResponse> out) {
      lastRequest.set(request);
      ((ServerCallStreamObserver<SearchResponse>) out).setOnCancelHandler(cancelled::countDown);
      received.countDown();
      if (!stall) {
        out.onNext(SearchResponse.newBuilder().addAllHits(hits).build());
        out.onCompleted();
      }
    }
  }

  // ---- registry ----------------------------------------------------------------------------

  @Test
  void registerHeartbeatListAndUnregister() {
    TrackerServer tracker = tracker(Duration.ofSeconds(12), LONG);
    TrackerGrpc.TrackerBlockingStub client = client(tracker);
    FakeNode nodeA = node(false);
    FakeNode nodeB = node(false);

    NodeInfo a = info(nodeA.id(), "", nodeA.server.getPort());
    RegisterResponse response = own(nodeA).register(request(a));
    assertEquals(a.toBuilder().setHost(LOOPBACK).build(), response.getNode());
    assertEquals(4000, response.getHeartbeatIntervalMillis());

    NodeInfo b = join(nodeB, "localhost");
    assertEquals("localhost", b.getHost());
    own(nodeA).heartbeat(HeartbeatRequest.newBuilder().setNodeId(a.getNodeId()).build());
    assertEquals(List.of(a.getNodeId(), b.getNodeId()).stream().sorted().toList(), peerIds(client));

    UnregisterRequest goA = UnregisterRequest.newBuilder().setNodeId(a.getNodeId()).build();
    own(nodeA).unregister(goA);
    own(nodeA).unregister(goA);
    assertEquals(List.of(b.getNodeId()), peerIds(client));
  }

  @Test
  void answersTellTheSearchModeAsTheNetworkCrossesTheRoutingSize() throws InterruptedException {
    TrackerConfig config = new TrackerConfig(LOOPBACK, 0, Duration.ofSeconds(12), LONG);
    current =
        TrackerServer.start(
            config, Transport.tls(Identity.generate()), Optional.empty(), new RoutingPolicy(2));
    cleanup.push(current::close);
    FakeNode nodeA = node(false);
    FakeNode nodeB = node(false);

    NodeInfo a = info(nodeA.id(), "", nodeA.server.getPort());
    SearchRouting first = own(nodeA).register(request(a)).getSearchRouting();
    assertEquals(SearchMode.SEARCH_MODE_BROADCAST, first.getMode());
    assertEquals(2, first.getRouteAbove());
    assertEquals(routing(SearchMode.SEARCH_MODE_BROADCAST, 1), heartbeatUntil(nodeA, 1));

    join(nodeB, LOOPBACK);
    assertEquals(routing(SearchMode.SEARCH_MODE_ROUTED, 2), heartbeatUntil(nodeA, 2));
    assertTrue(current.routing());

    own(nodeB).unregister(UnregisterRequest.newBuilder().setNodeId(nodeB.id()).build());
    assertEquals(routing(SearchMode.SEARCH_MODE_BROADCAST, 1), heartbeatUntil(nodeA, 1));
  }

  private static SearchRouting routing(SearchMode mode, int live) {
    return SearchRouting.newBuilder().setMode(mode).setLiveNodes(live).setRouteAbove(2).build();
  }

  /** Heartbeats until the answer counts {@code live} nodes (the tracker counts once a second). */
  private SearchRouting heartbeatUntil(FakeNode node, int live) throws InterruptedException {
    HeartbeatRequest beat = HeartbeatRequest.newBuilder().setNodeId(node.id()).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    SearchRouting answer = own(node).heartbeat(beat).getSearchRouting();
    while (answer.getLiveNodes() != live && System.nanoTime() < deadline) {
      Thread.sleep(50);
      answer = own(node).heartbeat(beat).getSearchRouting();
    }
    return answer;
  }

  @Test
  void heartbeatOfAnUnknownNodeIsNotFound() {
    TrackerServer tracker = tracker(Duration.ofSeconds(12), LONG);
    Transport caller = Transport.tls(Identity.generate());
    TrackerGrpc.TrackerBlockingStub client = client(tracker, caller);

    StatusRuntimeException e =
        assertThrows(
            StatusRuntimeException.class,
            () -> client.heartbeat(HeartbeatRequest.getDefaultInstance()));
    assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
    String id = caller.id().orElseThrow();
    assertTrue(e.getStatus().getDescription().contains(id), "the caller's own id: " + e);
  }

  @Test
  void malformedRegistrationIsInvalidArgument() {
    TrackerServer tracker = tracker(Duration.ofSeconds(12), LONG);
    Transport caller = Transport.tls(Identity.generate());
    TrackerGrpc.TrackerBlockingStub client = client(tracker, caller);

    StatusRuntimeException badId =
        assertThrows(
            StatusRuntimeException.class,
            () -> client.register(request(info("NOT-AN-ID", "", 7401))));
    assertEquals(Status.Code.INVALID_ARGUMENT, badId.getStatus().getCode());
    assertTrue(badId.getStatus().getDescription().contains("NOT-AN-ID"), badId.getMessage());

    StatusRuntimeException badPort =
        assertThrows(
            StatusRuntimeException.class,
            () -> client.register(request(info(caller.id().orElseThrow(), "", 0))));
    assertEquals(Status.Code.INVALID_ARGUMENT, badPort.getStatus().getCode());
    assertTrue(peerIds(client).isEmpty());
  }

  @Test
  void silentNodeExpiresWhileHeartbeatingNodeStays() throws InterruptedException {
    TrackerGrpc.TrackerBlockingStub client = client(tracker(Duration.ofSeconds(1), LONG));
    FakeNode talking = node(false);
    FakeNode quiet = node(false);
    NodeInfo talker = join(talking, "");
    NodeInfo silent = join(quiet, "");
    HeartbeatRequest beat = HeartbeatRequest.newBuilder().setNodeId(talker.getNodeId()).build();

    List<String> peers = peerIds(client);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!peers.equals(List.of(talker.getNodeId())) && System.nanoTime() < until) {
      Thread.sleep(150);
      own(talking).heartbeat(beat);
      peers = peerIds(client);
    }
    assertEquals(List.of(talker.getNodeId()), peers);

    StatusRuntimeException e =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                own(quiet)
                    .heartbeat(
                        HeartbeatRequest.newBuilder().setNodeId(silent.getNodeId()).build()));
    assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
  }

  // ---- identities --------------------------------------------------------------------------

  @Test
  void registeringUnderAnotherNodesIdIsRefused() {
    TrackerServer tracker = tracker(Duration.ofSeconds(12), LONG);
    FakeNode victim = node(false, "real.txt");
    join(victim, LOOPBACK);
    FakeNode impostor = node(false, "fake.txt");

    StatusRuntimeException e =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                own(impostor)
                    .register(request(info(victim.id(), LOOPBACK, impostor.server.getPort()))));

    assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
    assertTrue(
        e.getStatus().getDescription().contains("is not the caller's identity " + impostor.id()),
        e.getMessage());
    List<SearchEvent> events = search(client(tracker), query("txt"));
    assertEquals(Map.of(victim.id(), List.of("real.txt")), hitsByNode(events));
    assertEquals(victim.info, events.getFirst().getResults().getNode(), "the entry is unchanged");
  }

  @Test
  void heartbeatAndUnregisterFromAnotherIdentityAreRefused() {
    TrackerServer tracker = tracker(Duration.ofSeconds(12), LONG);
    FakeNode victim = node(false);
    join(victim, LOOPBACK);
    TrackerGrpc.TrackerBlockingStub other = client(tracker);

    for (Runnable call :
        List.<Runnable>of(
            () -> other.heartbeat(HeartbeatRequest.newBuilder().setNodeId(victim.id()).build()),
            () ->
                other.unregister(UnregisterRequest.newBuilder().setNodeId(victim.id()).build()))) {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
      assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode(), e.getMessage());
    }
    assertEquals(List.of(victim.id()), peerIds(other), "still registered");
  }

  @Test
  void anAddressThatAnswersWithAnotherIdentityIsRefused() {
    TrackerServer tracker = tracker(Duration.ofSeconds(12), LONG);
    FakeNode someoneElse = node(false, "other.txt");
    Transport caller = Transport.tls(Identity.generate());

    StatusRuntimeException e =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                client(tracker, caller)
                    .register(
                        request(
                            info(
                                caller.id().orElseThrow(),
                                LOOPBACK,
                                someoneElse.server.getPort()))));

    assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode(), e.getMessage());
    assertTrue(
        e.getStatus().getDescription().contains("expected the peer with identity"), e.getMessage());
    assertTrue(peerIds(client(tracker)).isEmpty());
    assertEquals(null, someoneElse.lastRequest.get(), "never sent a search");
  }

  @Test
  void anAddressWhereNothingListensIsRefused() {
    TrackerServer tracker = tracker(Duration.ofSeconds(12), LONG);
    FakeNode gone = node(false);
    int port = gone.server.getPort();
    Transport.close(gone.server);

    StatusRuntimeException e =
        assertThrows(
            StatusRuntimeException.class,
            () -> own(gone).register(request(info(gone.id(), LOOPBACK, port))));

    assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode(), e.getMessage());
    assertTrue(e.getStatus().getDescription().contains("cannot reach node"), e.getMessage());
  }

  @Test
  void insecureTrackerAndNodesWorkWithoutIdentities() {
    TrackerServer tracker =
        tracker(
            new TrackerConfig(LOOPBACK, 0, Duration.ofSeconds(12), LONG), Transport.plaintext());
    FakeNode node = node(Transport.plaintext(), false, "plain.txt");
    String id = someId();
    node.info =
        client(tracker, Transport.plaintext())
            .register(request(info(id, LOOPBACK, node.server.getPort())))
            .getNode();

    assertTrue(tracker.id().isEmpty());
    List<SearchEvent> events = search(client(tracker, Transport.plaintext()), query("plain"));
    assertEquals(Map.of(id, List.of("plain.txt")), hitsByNode(events));
  }

  @Test
  void aTlsClientCannotUseAPlainTextTracker() {
    TrackerServer tracker =
        tracker(
            new TrackerConfig(LOOPBACK, 0, Duration.ofSeconds(12), LONG), Transport.plaintext());

    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> peerIds(client(tracker)));

    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
  }

  @Test
  void closeIsIdempotentAndStopsListening() {
    TrackerServer tracker = tracker(Duration.ofSeconds(12), LONG);
    TrackerGrpc.TrackerBlockingStub client = client(tracker);
    assertTrue(peerIds(client).isEmpty());

    tracker.close();
    tracker.close();

    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> peerIds(client));
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
  }

  // ---- search ------------------------------------------------------------------------------

  @Test
  void searchWithoutNodesEndsWithAnEmptySummary() {
    TrackerGrpc.TrackerBlockingStub client = client(tracker(Duration.ofSeconds(12), LONG));

    List<SearchEvent> events = search(client, query("anything"));

    assertEquals(1, events.size());
    assertEquals(summary(0, 0, 0, 0), lastSummary(events), "no outcomes either");
  }

  @Test
  void searchStreamsEachNodesHitsThenTheSummary() {
    TrackerGrpc.TrackerBlockingStub client = client(tracker(Duration.ofSeconds(12), LONG));
    FakeNode one = node(false, "a.mkv", "b.mkv");
    FakeNode two = node(false, "c.mkv");
    FakeNode empty = node(false);
    register(client, one);
    register(client, two);
    register(client, empty);
    SearchRequest request =
        SearchRequest.newBuilder().setQuery("mkv").setMinSize(1).setMaxSize(99).setLimit(7).build();

    List<SearchEvent> events = search(client, request);

    SearchSummary last = lastSummary(events);
    assertEquals(summary(3, 3, 0, 0), counts(last));
    assertEquals(
        Map.of(
            one.info.getNodeId(), List.of("a.mkv", "b.mkv"),
            two.info.getNodeId(), List.of("c.mkv")),
        hitsByNode(events));
    assertEquals(3, events.size(), "no event for a node without hits: " + events);
    SearchEvent fromOne =
        events.stream()
            .filter(e -> e.hasResults() && e.getResults().getNode().equals(one.info))
            .findFirst()
            .orElseThrow();
    assertEquals(one.info, fromOne.getResults().getNode());
    assertEquals(request, one.lastRequest.get());
    assertEquals(request, empty.lastRequest.get());

    Map<String, NodeOutcome> outcomes = outcomesByNode(last);
    assertEquals(3, last.getOutcomesCount());
    for (FakeNode node : List.of(one, two, empty)) {
      NodeOutcome outcome = outcomes.get(node.info.getNodeId());
      assertEquals(node.info, outcome.getNode(), "the node as registered");
      assertEquals(NodeOutcome.State.STATE_ANSWERED, outcome.getState());
      assertEquals(node.hits.size(), outcome.getHits());
      assertEquals("", outcome.getError());
      assertTrue(outcome.getElapsedMillis() >= 0 && outcome.getElapsedMillis() < 60_000);
    }
    events.stream()
        .filter(SearchEvent::hasResults)
        .map(SearchEvent::getResults)
        .forEach(
            results ->
                assertEquals(
                    outcomes.get(results.getNode().getNodeId()).getElapsedMillis(),
                    results.getElapsedMillis(),
                    "results and outcome carry the same time"));
  }

  @Test
  void deadNodeCountsAsFailedAndDoesNotBlockTheOthers() {
    TrackerGrpc.TrackerBlockingStub client = client(tracker(Duration.ofSeconds(12), LONG));
    FakeNode alive = node(false, "x.txt");
    FakeNode dead = node(false, "never.txt");
    register(client, alive);
    register(client, dead);
    Transport.close(dead.server);

    List<SearchEvent> events = search(client, query("x"));

    SearchSummary last = lastSummary(events);
    assertEquals(summary(2, 1, 1, 0), counts(last));
    assertEquals(Map.of(alive.info.getNodeId(), List.of("x.txt")), hitsByNode(events));
    assertEquals(2, peerIds(client).size(), "one failure does not drop a node");
    NodeOutcome failed = outcomesByNode(last).get(dead.info.getNodeId());
    assertEquals(NodeOutcome.State.STATE_FAILED, failed.getState());
    assertEquals(0, failed.getHits());
    assertTrue(failed.getError().startsWith("UNAVAILABLE"), failed.getError());
    assertTrue(failed.getError().length() <= 200, failed.getError());
    assertEquals(-1, failed.getError().indexOf('\n'), "one line");
    assertEquals(
        NodeOutcome.State.STATE_ANSWERED,
        outcomesByNode(last).get(alive.info.getNodeId()).getState());
  }

  @Test
  void stallingNodeTimesOutAndTheSearchStillCompletes() throws InterruptedException {
    TrackerGrpc.TrackerBlockingStub client =
        client(tracker(Duration.ofSeconds(12), Duration.ofSeconds(1)));
    FakeNode alive = node(false, "y.txt");
    FakeNode staller = node(true);
    register(client, alive);
    register(client, staller);

    List<SearchEvent> events = search(client, query("y"));

    SearchSummary last = lastSummary(events);
    assertEquals(summary(2, 1, 0, 1), counts(last));
    assertEquals(Map.of(alive.info.getNodeId(), List.of("y.txt")), hitsByNode(events));
    NodeOutcome late = outcomesByNode(last).get(staller.info.getNodeId());
    assertEquals(NodeOutcome.State.STATE_TIMED_OUT, late.getState());
    // The deadline runs from the search's start, the node's time from its call's, a moment later
    // (16 ms on a loaded CI run): it waited about the deadline, not less by much.
    assertTrue(late.getElapsedMillis() >= 900, "waited the deadline: " + late);
    assertEquals("DEADLINE_EXCEEDED: no answer within 1000 ms", late.getError());
    assertEquals(
        staller.info, last.getOutcomes(1).getNode(), "the timed-out node ended last: " + last);
    assertTrue(staller.cancelled.await(20, TimeUnit.SECONDS), "the stalled call ends");
  }

  @Test
  void malformedSearchIsInvalidArgument() {
    TrackerGrpc.TrackerBlockingStub client = client(tracker(Duration.ofSeconds(12), LONG));
    FakeNode node = node(false, "z");
    register(client, node);

    for (SearchRequest bad :
        List.of(
            SearchRequest.newBuilder().setMinSize(10).setMaxSize(5).build(),
            SearchRequest.newBuilder().setMinSize(-1).build(),
            SearchRequest.newBuilder().setLimit(1001).build())) {
      StatusRuntimeException e =
          assertThrows(StatusRuntimeException.class, () -> search(client, bad));
      assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), bad.toString());
    }
    assertEquals(null, node.lastRequest.get(), "a malformed search is not relayed");
  }

  @Test
  void cancellingTheSearchCancelsTheRelayedCalls() throws InterruptedException {
    // Long TTL and deadline: only the caller's cancellation can end the node's call in time.
    TrackerServer tracker = tracker(LONG, LONG);
    TrackerGrpc.TrackerBlockingStub client = client(tracker);
    FakeNode staller = node(true);
    register(client, staller);
    AtomicReference<ClientCallStreamObserver<SearchRequest>> call = new AtomicReference<>();
    CountDownLatch ended = new CountDownLatch(1);

    TrackerGrpc.newStub(channel(tracker, Transport.tls(Identity.generate())))
        .search(
            query("slow"),
            new ClientResponseObserver<SearchRequest, SearchEvent>() {
              @Override
              public void beforeStart(ClientCallStreamObserver<SearchRequest> requestStream) {
                call.set(requestStream);
              }

              @Override
              public void onNext(SearchEvent value) {}

              @Override
              public void onError(Throwable t) {
                ended.countDown();
              }

              @Override
              public void onCompleted() {
                ended.countDown();
              }
            });
    assertTrue(staller.received.await(20, TimeUnit.SECONDS), "the node gets the search");
    assertEquals(1, staller.cancelled.getCount(), "not cancelled before the caller cancels");

    call.get().cancel("the user gave up", null);

    assertTrue(staller.cancelled.await(15, TimeUnit.SECONDS), "the node sees the cancellation");
    assertTrue(ended.await(15, TimeUnit.SECONDS));
  }

  // ---- limits ------------------------------------------------------------------------------

  @Test
  void answerTooLargeToForwardFailsThatNodeAlone() {
    TrackerGrpc.TrackerBlockingStub client = client(tracker(Duration.ofSeconds(12), LONG));
    FakeNode alive = node(false, "x.txt");
    FakeNode huge = node(false);
    // Just under the channel limit: a tracker that took it would forward more than the caller
    // accepts, and the caller's whole search would fail.
    int target = Transport.MAX_MESSAGE_BYTES - 64;
    SearchHit.Builder hit = SearchHit.newBuilder().setFileId("big").setName("big.txt");
    hit.putMetadata("content", "x".repeat(target));
    int over = SearchResponse.newBuilder().addHits(hit).build().getSerializedSize() - target;
    hit.putMetadata("content", "x".repeat(target - over));
    huge.hits.add(hit.build());
    assertEquals(
        target, SearchResponse.newBuilder().addAllHits(huge.hits).build().getSerializedSize());
    register(client, alive);
    register(client, huge);

    List<SearchEvent> events = search(client, query("x"));

    SearchSummary last = lastSummary(events);
    assertEquals(summary(2, 1, 1, 0), counts(last));
    assertEquals(Map.of(alive.info.getNodeId(), List.of("x.txt")), hitsByNode(events));
    NodeOutcome failed = outcomesByNode(last).get(huge.info.getNodeId());
    assertEquals(NodeOutcome.State.STATE_FAILED, failed.getState());
    assertTrue(failed.getError().startsWith("RESOURCE_EXHAUSTED"), failed.getError());
  }

  @Test
  void silentNodeIsWaitedForOnceThenSkippedUntilItAnswersAgain() throws InterruptedException {
    Duration deadline = Duration.ofSeconds(4);
    TrackerGrpc.TrackerBlockingStub client = client(tracker(Duration.ofSeconds(30), deadline));
    FakeNode alive = node(false, "a.txt");
    FakeNode silent = node(true);
    register(client, alive);
    register(client, silent);
    String silentId = silent.info.getNodeId();

    assertEquals(summary(2, 1, 0, 1), counts(lastSummary(search(client, query("a")))));

    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      List<SearchEvent> events = search(client, query("a"));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(millis < deadline.toMillis() / 2, "the silent node is not waited for: " + millis);
      SearchSummary last = lastSummary(events);
      assertEquals(summary(2, 1, 0, 0).toBuilder().setSkipped(1).build(), counts(last));
      assertEquals(NodeOutcome.State.STATE_SKIPPED, outcomesByNode(last).get(silentId).getState());
      assertEquals(Map.of(alive.info.getNodeId(), List.of("a.txt")), hitsByNode(events));
    }

    silent.stall = false;
    // The probe out now ends at its deadline; a later search probes again, gets an answer, and
    // the one after waits for the node again.
    NodeOutcome.State state = NodeOutcome.State.STATE_SKIPPED;
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (state != NodeOutcome.State.STATE_ANSWERED && System.nanoTime() < until) {
      Thread.sleep(200);
      state = outcomesByNode(lastSummary(search(client, query("a")))).get(silentId).getState();
    }
    assertEquals(NodeOutcome.State.STATE_ANSWERED, state);
  }

  @Test
  void hostileRegistrationsAreRefusedWhileOthersAreServed() {
    TrackerServer tracker =
        tracker(
            new TrackerConfig(
                LOOPBACK, 0, Duration.ofSeconds(12), LONG, new TrackerLimits(100, 3, 8, 1)));
    Transport caller = Transport.tls(Identity.generate());
    TrackerGrpc.TrackerBlockingStub client = client(tracker, caller);
    NodeInfo self = info(caller.id().orElseThrow(), "", 7401);

    StatusRuntimeException forged =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                client.register(request(self.toBuilder().setName("x\n12:00 INFO forged").build())));
    assertEquals(Status.Code.INVALID_ARGUMENT, forged.getStatus().getCode());
    assertTrue(forged.getStatus().getDescription().contains("U+000A"), forged.getMessage());

    StatusRuntimeException huge =
        assertThrows(
            StatusRuntimeException.class,
            () -> client.register(request(self.toBuilder().setName("n".repeat(2 << 20)).build())));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, huge.getStatus().getCode(), huge.getMessage());

    for (int i = 0; i < 3; i++) {
      join(node(false), "");
    }
    FakeNode fourth = node(false);
    StatusRuntimeException crowd =
        assertThrows(StatusRuntimeException.class, () -> join(fourth, ""));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, crowd.getStatus().getCode());
    assertTrue(crowd.getStatus().getDescription().contains("already registered 3 nodes"));
    assertEquals(3, peerIds(client).size(), "the tracker still serves");
  }

  @Test
  void queryOver4KiBIsRefusedBeforeItIsRelayed() {
    TrackerGrpc.TrackerBlockingStub client = client(tracker(Duration.ofSeconds(12), LONG));
    FakeNode node = node(false, "z");
    register(client, node);

    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> search(client, query("q".repeat(4097))));

    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("at most 4096 bytes"), e.getMessage());
    assertEquals(null, node.lastRequest.get());
  }

  @Test
  void listPeersComesInPagesInIdOrder() {
    TrackerGrpc.TrackerBlockingStub client = client(tracker(Duration.ofSeconds(12), LONG));
    for (int i = 0; i < 5; i++) {
      join(node(false), "");
    }
    List<String> all = peerIds(client);

    List<String> paged = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    String token = "";
    do {
      ListPeersResponse page =
          client.listPeers(
              ListPeersRequest.newBuilder().setPageSize(2).setPageToken(token).build());
      page.getNodesList().forEach(node -> paged.add(node.getNodeId()));
      sizes.add(page.getNodesCount());
      token = page.getNextPageToken();
    } while (!token.isEmpty());

    assertEquals(all, paged);
    assertEquals(List.of(2, 2, 1), sizes);
    assertEquals(
        "",
        client.listPeers(ListPeersRequest.getDefaultInstance()).getNextPageToken(),
        "a caller that asks for no size gets up to 500");
    StatusRuntimeException bad =
        assertThrows(
            StatusRuntimeException.class,
            () -> client.listPeers(ListPeersRequest.newBuilder().setPageToken("../etc").build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, bad.getStatus().getCode());
  }
}
