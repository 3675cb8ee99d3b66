package io.diztl.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.SearchResponse;
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
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
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
    TrackerServer tracker = TrackerServer.start(config);
    cleanup.push(tracker::close);
    return tracker;
  }

  private TrackerGrpc.TrackerBlockingStub client(TrackerServer tracker) {
    return TrackerGrpc.newBlockingStub(channel(tracker)).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private ManagedChannel channel(TrackerServer tracker) {
    ManagedChannel channel = Transport.channel(LOOPBACK, tracker.port());
    cleanup.push(() -> Transport.close(channel));
    return channel;
  }

  private FakeNode node(boolean stall, String... hitNames) {
    FakeNode node = new FakeNode(stall, hitNames);
    node.server =
        Transport.startServer(LOOPBACK, 0, nodeExecutor, List.of(node.bindService()), List.of());
    cleanup.push(() -> Transport.close(node.server));
    return node;
  }

  private static NodeInfo info(String host, int port) {
    String id = UUID.randomUUID().toString().replace("-", "");
    return NodeInfo.newBuilder().setNodeId(id).setHost(host).setPort(port).setName("n").build();
  }

  private static NodeInfo register(TrackerGrpc.TrackerBlockingStub client, FakeNode node) {
    node.info = client.register(request(info(LOOPBACK, node.server.getPort()))).getNode();
    return node.info;
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
    volatile boolean stall;
    final List<SearchHit> hits = new ArrayList<>();
    final CountDownLatch received = new CountDownLatch(1);
    final CountDownLatch cancelled = new CountDownLatch(1);
    final AtomicReference<SearchRequest> lastRequest = new AtomicReference<>();
    Server server;
    NodeInfo info;

    FakeNode(boolean stall, String... hitNames) {
      this.stall = stall;
      for (String name : hitNames) {
        hits.add(SearchHit.newBuilder().setFileId("id-" + name).setName(name).setSize(1).build());
      }
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

    NodeInfo a = info("", 7401);
    RegisterResponse response = client.register(request(a));
    assertEquals(a.toBuilder().setHost(LOOPBACK).build(), response.getNode());
    assertEquals(4000, response.getHeartbeatIntervalMillis());

    NodeInfo b = client.register(request(info("node-b.example", 7402))).getNode();
    assertEquals("node-b.example", b.getHost());
    client.heartbeat(HeartbeatRequest.newBuilder().setNodeId(a.getNodeId()).build());
    assertEquals(List.of(a.getNodeId(), b.getNodeId()).stream().sorted().toList(), peerIds(client));

    UnregisterRequest goA = UnregisterRequest.newBuilder().setNodeId(a.getNodeId()).build();
    client.unregister(goA);
    client.unregister(goA);
    assertEquals(List.of(b.getNodeId()), peerIds(client));
  }

  @Test
  void heartbeatOfAnUnknownNodeIsNotFound() {
    TrackerGrpc.TrackerBlockingStub client = client(tracker(Duration.ofSeconds(12), LONG));

    StatusRuntimeException e =
        assertThrows(
            StatusRuntimeException.class,
            () -> client.heartbeat(HeartbeatRequest.newBuilder().setNodeId("deadbeef").build()));
    assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("deadbeef"), e.getMessage());
  }

  @Test
  void malformedRegistrationIsInvalidArgument() {
    TrackerGrpc.TrackerBlockingStub client = client(tracker(Duration.ofSeconds(12), LONG));

    StatusRuntimeException badId =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                client.register(request(info("", 7401).toBuilder().setNodeId("NOT-HEX").build())));
    assertEquals(Status.Code.INVALID_ARGUMENT, badId.getStatus().getCode());
    assertTrue(badId.getStatus().getDescription().contains("NOT-HEX"), badId.getMessage());

    StatusRuntimeException badPort =
        assertThrows(StatusRuntimeException.class, () -> client.register(request(info("", 0))));
    assertEquals(Status.Code.INVALID_ARGUMENT, badPort.getStatus().getCode());
    assertTrue(peerIds(client).isEmpty());
  }

  @Test
  void silentNodeExpiresWhileHeartbeatingNodeStays() throws InterruptedException {
    TrackerGrpc.TrackerBlockingStub client = client(tracker(Duration.ofSeconds(1), LONG));
    NodeInfo talker = client.register(request(info("", 7401))).getNode();
    NodeInfo silent = client.register(request(info("", 7402))).getNode();
    HeartbeatRequest beat = HeartbeatRequest.newBuilder().setNodeId(talker.getNodeId()).build();

    List<String> peers = peerIds(client);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!peers.equals(List.of(talker.getNodeId())) && System.nanoTime() < until) {
      Thread.sleep(150);
      client.heartbeat(beat);
      peers = peerIds(client);
    }
    assertEquals(List.of(talker.getNodeId()), peers);

    StatusRuntimeException e =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                client.heartbeat(
                    HeartbeatRequest.newBuilder().setNodeId(silent.getNodeId()).build()));
    assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
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
    assertTrue(late.getElapsedMillis() >= 1_000, "waited the deadline: " + late);
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

    TrackerGrpc.newStub(channel(tracker))
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
    TrackerGrpc.TrackerBlockingStub client =
        client(
            tracker(
                new TrackerConfig(
                    LOOPBACK, 0, Duration.ofSeconds(12), LONG, new TrackerLimits(100, 3, 8, 1))));

    StatusRuntimeException forged =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                client.register(
                    request(info("", 7401).toBuilder().setName("x\n12:00 INFO forged").build())));
    assertEquals(Status.Code.INVALID_ARGUMENT, forged.getStatus().getCode());
    assertTrue(forged.getStatus().getDescription().contains("U+000A"), forged.getMessage());

    StatusRuntimeException huge =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                client.register(
                    request(info("", 7401).toBuilder().setName("n".repeat(2 << 20)).build())));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, huge.getStatus().getCode(), huge.getMessage());

    for (int i = 0; i < 3; i++) {
      client.register(request(info("", 7401 + i)));
    }
    StatusRuntimeException crowd =
        assertThrows(StatusRuntimeException.class, () -> client.register(request(info("", 7404))));
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
      client.register(request(info("", 7401 + i)));
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
