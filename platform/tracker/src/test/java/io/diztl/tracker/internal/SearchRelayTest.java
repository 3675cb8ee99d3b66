package io.diztl.tracker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.diztl.proto.Fingerprint;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.NodeOutcome;
import io.diztl.proto.v1.NodeOutcome.State;
import io.diztl.proto.v1.NodeResults;
import io.diztl.proto.v1.PeerGrpc;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchHit;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.SearchResponse;
import io.diztl.proto.v1.SearchSummary;
import io.diztl.proto.v1.TrackerGrpc;
import io.diztl.tracker.TrackerLimits;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * The relay's timing and outcomes, over in-process transports with direct executors and a manual
 * clock: each fake node holds its call until the test ends it at a chosen time.
 */
class SearchRelayTest {

  private static final Duration DEADLINE = Duration.ofSeconds(5);
  private static final long WAIT_SECONDS = 10;
  private static final SearchRequest QUERY = SearchRequest.newBuilder().setQuery("mkv").build();

  private final AtomicLong nanos = new AtomicLong(7_000_000_000L);
  private final Deque<Runnable> cleanup = new ArrayDeque<>();
  private final ManualTimer timer = new ManualTimer();
  private final PeerRegistry registry =
      new PeerRegistry(
          Duration.ofMinutes(1),
          nanos::get,
          node -> InProcessChannelBuilder.forName(node.getHost()).directExecutor().build());

  @AfterEach
  void closeAll() {
    while (!cleanup.isEmpty()) {
      cleanup.pop().run();
    }
    registry.close();
  }

  // ---- fixtures ----------------------------------------------------------------------------

  /** A deadline timer that fires only when the test says so. */
  private static final class ManualTimer implements DeadlineTimer {
    record Alarm(Runnable task, long delayNanos, CompletableFuture<Void> handle) {}

    final List<Alarm> alarms = new ArrayList<>();

    @Override
    public synchronized Future<?> schedule(Runnable task, long delayNanos) {
      Alarm alarm = new Alarm(task, delayNanos, new CompletableFuture<>());
      alarms.add(alarm);
      return alarm.handle();
    }

    /** Runs the alarms set and not cancelled. */
    void fire() {
      List<Alarm> due;
      synchronized (this) {
        due = List.copyOf(alarms);
        alarms.clear();
      }
      due.stream().filter(alarm -> !alarm.handle().isCancelled()).forEach(a -> a.task().run());
    }

    synchronized List<Alarm> pending() {
      return alarms.stream().filter(alarm -> !alarm.handle().isCancelled()).toList();
    }
  }

  private void at(long millis) {
    nanos.set(7_000_000_000L + TimeUnit.MILLISECONDS.toNanos(millis));
  }

  /** A node's peer service that keeps each search open until the test ends it. */
  private static final class HeldNode extends PeerGrpc.PeerImplBase {
    final CountDownLatch received = new CountDownLatch(1);
    final CountDownLatch cancelled = new CountDownLatch(1);
    final AtomicReference<StreamObserver<SearchResponse>> call = new AtomicReference<>();
    final AtomicReference<Context> context = new AtomicReference<>();
    NodeInfo info;

    @Override
    public void search(SearchRequest request, StreamObserver<SearchResponse> out) {
      call.set(out);
      context.set(Context.current());
      ((ServerCallStreamObserver<SearchResponse>) out).setOnCancelHandler(cancelled::countDown);
      received.countDown();
    }

    void answer(String... names) {
      SearchResponse.Builder response = SearchResponse.newBuilder();
      for (String name : names) {
        response.addHits(SearchHit.newBuilder().setFileId("id-" + name).setName(name));
      }
      call.get().onNext(response.build());
      call.get().onCompleted();
    }

    void fail(Status status) {
      call.get().onError(status.asRuntimeException());
    }
  }

  /** A node's peer service that queues each search it gets for the test to end. */
  private static final class QueueNode extends PeerGrpc.PeerImplBase {
    record Call(SearchRequest request, StreamObserver<SearchResponse> out) {
      void answer(String... names) {
        SearchResponse.Builder response = SearchResponse.newBuilder();
        for (String name : names) {
          response.addHits(SearchHit.newBuilder().setFileId("id-" + name).setName(name));
        }
        out.onNext(response.build());
        out.onCompleted();
      }
    }

    final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    NodeInfo info;

    @Override
    public void search(SearchRequest request, StreamObserver<SearchResponse> out) {
      calls.add(new Call(request, out));
    }

    Call next() throws InterruptedException {
      Call call = calls.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      assertNotNull(call, "the node gets a search");
      return call;
    }
  }

  private QueueNode queueNode(String name) throws IOException {
    QueueNode node = new QueueNode();
    String address = "node-" + UUID.randomUUID();
    Server server =
        InProcessServerBuilder.forName(address).directExecutor().addService(node).build().start();
    cleanup.push(server::shutdownNow);
    node.info = registry.register(info(address, name), null);
    return node;
  }

  private HeldNode node(String name) throws IOException {
    HeldNode node = new HeldNode();
    String address = "node-" + UUID.randomUUID();
    Server server =
        InProcessServerBuilder.forName(address).directExecutor().addService(node).build().start();
    cleanup.push(server::shutdownNow);
    node.info = registry.register(info(address, name), null);
    return node;
  }

  private static NodeInfo info(String address, String name) {
    String id = Fingerprint.of(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
    return NodeInfo.newBuilder().setNodeId(id).setHost(address).setPort(7401).setName(name).build();
  }

  /** Starts a search through a tracker service on an in-process server; completes with events. */
  private CompletableFuture<List<SearchEvent>> search() throws IOException {
    return search(tracker(registry, TrackerLimits.DEFAULTS), QUERY);
  }

  /** A tracker service over {@code nodes} on an in-process server, and a channel to it. */
  private ManagedChannel tracker(PeerRegistry nodes, TrackerLimits limits) throws IOException {
    String address = "tracker-" + UUID.randomUUID();
    TrackerGrpcService service =
        new TrackerGrpcService(
            nodes, Duration.ofSeconds(4), DEADLINE, Runnable::run, nanos::get, timer, limits);
    Server server =
        InProcessServerBuilder.forName(address)
            .directExecutor()
            .addService(service)
            .build()
            .start();
    cleanup.push(server::shutdownNow);
    ManagedChannel channel = InProcessChannelBuilder.forName(address).directExecutor().build();
    cleanup.push(channel::shutdownNow);
    return channel;
  }

  private static CompletableFuture<List<SearchEvent>> search(
      ManagedChannel channel, SearchRequest request) {
    CompletableFuture<List<SearchEvent>> done = new CompletableFuture<>();
    TrackerGrpc.newStub(channel).search(request, collecting(done));
    return done;
  }

  /** Collects a search's events into {@code done} when it ends. */
  private static StreamObserver<SearchEvent> collecting(CompletableFuture<List<SearchEvent>> done) {
    List<SearchEvent> events = new ArrayList<>();
    return new StreamObserver<>() {
      @Override
      public void onNext(SearchEvent event) {
        synchronized (events) {
          events.add(event);
        }
      }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        synchronized (events) {
          done.complete(List.copyOf(events));
        }
      }
    };
  }

  private static void awaitReceived(HeldNode... nodes) throws InterruptedException {
    for (HeldNode node : nodes) {
      assertTrue(node.received.await(WAIT_SECONDS, TimeUnit.SECONDS), "the node gets the search");
    }
  }

  private static NodeOutcome outcome(
      HeldNode node, State state, long millis, int hits, String error) {
    return NodeOutcome.newBuilder()
        .setNode(node.info)
        .setState(state)
        .setElapsedMillis(millis)
        .setHits(hits)
        .setError(error)
        .build();
  }

  // ---- tests -------------------------------------------------------------------------------

  @Test
  void outcomesFollowTheOrderNodesEndedWithTheirTimesHitsAndErrors() throws Exception {
    HeldNode slowAnswer = node("alpha");
    HeldNode failing = node("beta");
    HeldNode fast = node("gamma");
    HeldNode empty = node("delta");
    HeldNode late = node("epsilon");
    at(0);
    CompletableFuture<List<SearchEvent>> search = search();
    awaitReceived(slowAnswer, failing, fast, empty, late);

    at(120);
    fast.answer("a.mkv", "b.mkv");
    at(300);
    failing.fail(Status.INTERNAL.withDescription("disk on fire\n\tat line 2"));
    at(450);
    empty.answer();
    at(1_999);
    slowAnswer.answer("c.mkv");
    assertFalse(search.isDone(), "a node is still out");
    at(5_000);
    late.fail(Status.DEADLINE_EXCEEDED.withDescription("deadline exceeded after 4.999s"));

    List<SearchEvent> events = search.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertEquals(3, events.size(), "two nodes with hits, then the summary: " + events);
    NodeResults first = events.get(0).getResults();
    assertEquals(fast.info, first.getNode());
    assertEquals(120, first.getElapsedMillis());
    assertEquals(2, first.getHitsCount());
    NodeResults second = events.get(1).getResults();
    assertEquals(slowAnswer.info, second.getNode());
    assertEquals(1_999, second.getElapsedMillis());
    SearchSummary summary = events.get(2).getSummary();
    assertEquals(
        SearchSummary.newBuilder()
            .setNodes(5)
            .setAnswered(3)
            .setFailed(1)
            .setTimedOut(1)
            .addOutcomes(outcome(fast, State.STATE_ANSWERED, 120, 2, ""))
            .addOutcomes(
                outcome(failing, State.STATE_FAILED, 300, 0, "INTERNAL: disk on fire at line 2"))
            .addOutcomes(outcome(empty, State.STATE_ANSWERED, 450, 0, ""))
            .addOutcomes(outcome(slowAnswer, State.STATE_ANSWERED, 1_999, 1, ""))
            .addOutcomes(
                outcome(
                    late,
                    State.STATE_TIMED_OUT,
                    5_000,
                    0,
                    "DEADLINE_EXCEEDED: no answer within 5000 ms"))
            .build(),
        summary);
  }

  @Test
  void outcomesNameNodesAsTheRegistryRecordsThem() throws Exception {
    HeldNode node = node("old name");
    node.info = registry.register(node.info.toBuilder().setName("new name").build(), null);
    at(0);
    CompletableFuture<List<SearchEvent>> search = search();
    awaitReceived(node);

    at(10);
    node.answer();

    NodeOutcome outcome =
        search.get(WAIT_SECONDS, TimeUnit.SECONDS).getLast().getSummary().getOutcomes(0);
    assertEquals("new name", outcome.getNode().getName());
    assertEquals(node.info, outcome.getNode());
  }

  @Test
  void unreachableNodeFailsWithTheTransportsReason() throws Exception {
    NodeInfo ghost = registry.register(info("nobody-listens-" + UUID.randomUUID(), "ghost"), null);
    at(0);

    List<SearchEvent> events = search().get(WAIT_SECONDS, TimeUnit.SECONDS);

    NodeOutcome outcome = events.getLast().getSummary().getOutcomes(0);
    assertEquals(ghost, outcome.getNode());
    assertEquals(State.STATE_FAILED, outcome.getState());
    assertEquals(0, outcome.getElapsedMillis());
    assertTrue(outcome.getError().startsWith("UNAVAILABLE: "), outcome.getError());
    assertTrue(outcome.getError().contains("nobody-listens-"), outcome.getError());
    assertEquals(1, events.getLast().getSummary().getFailed());
  }

  @Test
  void nodeThatLeftBeforeItWasAskedFailsAtOnce() {
    NodeInfo left = info("gone", "left");
    RegisteredNode gone =
        new RegisteredNode(
            left,
            "",
            0,
            new Endpoint(
                Endpoint.keyOf(left),
                left,
                node -> {
                  throw new AssertionError("no channel for a node that left");
                }));
    gone.detach();
    @SuppressWarnings("unchecked")
    ServerCallStreamObserver<SearchEvent> out = mock(ServerCallStreamObserver.class);

    new SearchRelay(
            SearchRequest.getDefaultInstance(),
            List.of(gone),
            out,
            new SearchRelay.Settings(DEADLINE, 1, Runnable::run, nanos::get, timer),
            () -> {})
        .start();

    ArgumentCaptor<SearchEvent> sent = ArgumentCaptor.forClass(SearchEvent.class);
    verify(out, times(1)).onNext(sent.capture());
    verify(out).onCompleted();
    SearchSummary summary = sent.getValue().getSummary();
    assertEquals(1, summary.getFailed());
    assertEquals(
        NodeOutcome.newBuilder()
            .setNode(gone.info())
            .setState(State.STATE_FAILED)
            .setError("UNAVAILABLE: node left the registry")
            .build(),
        summary.getOutcomes(0));
  }

  @Test
  void searchWithoutNodesHasNoOutcomes() throws Exception {
    SearchSummary summary = search().get(WAIT_SECONDS, TimeUnit.SECONDS).getLast().getSummary();
    assertEquals(SearchSummary.newBuilder().build(), summary);
  }

  @Test
  void errorIsOneShortLineWithCodeDescriptionAndCause() {
    assertEquals("CANCELLED", SearchRelay.describe(Status.CANCELLED));
    assertEquals(
        "UNAVAILABLE: io exception (Connection refused: /127.0.0.1:9)",
        SearchRelay.describe(
            Status.UNAVAILABLE
                .withDescription("io exception")
                .withCause(new ConnectException("Connection refused: /127.0.0.1:9"))));
    assertEquals(
        "INTERNAL: a b c d",
        SearchRelay.describe(Status.INTERNAL.withDescription("a\r\nb\u0000c\u2028d\n")));
  }

  @Test
  void longErrorIsCutWithoutSplittingACharacter() {
    // The cut falls between the two halves of the first emoji.
    int before = SearchRelay.MAX_ERROR_CHARS - 3 - 1 - "INTERNAL: ".length();
    String huge = "x".repeat(before) + "\uD83D\uDE00".repeat(100);

    String error = SearchRelay.describe(Status.INTERNAL.withDescription(huge));

    assertTrue(error.length() <= SearchRelay.MAX_ERROR_CHARS, "length " + error.length());
    assertTrue(error.endsWith("..."), error);
    String kept = error.substring(0, error.length() - 3);
    assertFalse(Character.isHighSurrogate(kept.charAt(kept.length() - 1)), "no half character");
    assertEquals("INTERNAL: " + "x".repeat(before) + "...", error);
  }

  // ---- the search's one deadline -------------------------------------------------------------

  @Test
  void deadlineEndsTheNodesStillOutAsTimedOutAndCancelsTheirCalls() throws Exception {
    HeldNode quick = node("quick");
    HeldNode silent = node("silent");
    at(0);
    CompletableFuture<List<SearchEvent>> search = search();
    awaitReceived(quick, silent);
    assertEquals(1, timer.pending().size(), "one deadline for the whole search");
    assertEquals(DEADLINE.toNanos(), timer.pending().getFirst().delayNanos());
    at(40);
    quick.answer("a.mkv");
    assertFalse(search.isDone(), "a node is still out");

    at(5_000);
    timer.fire();

    SearchSummary summary = search.get(WAIT_SECONDS, TimeUnit.SECONDS).getLast().getSummary();
    assertEquals(1, summary.getAnswered());
    assertEquals(1, summary.getTimedOut());
    assertEquals(
        outcome(
            silent, State.STATE_TIMED_OUT, 5_000, 0, "DEADLINE_EXCEEDED: no answer within 5000 ms"),
        summary.getOutcomes(1));
    assertTrue(
        silent.cancelled.await(WAIT_SECONDS, TimeUnit.SECONDS), "the node's call is cancelled");
    assertEquals(1, quick.cancelled.getCount(), "the answered call is left alone");
  }

  @Test
  void searchAnsweredByEveryNodeCancelsItsDeadline() throws Exception {
    HeldNode one = node("one");
    HeldNode two = node("two");
    CompletableFuture<List<SearchEvent>> search = search();
    awaitReceived(one, two);
    one.answer("a.mkv");
    two.answer();

    assertEquals(
        2, search.get(WAIT_SECONDS, TimeUnit.SECONDS).getLast().getSummary().getAnswered());
    assertTrue(timer.pending().isEmpty(), "the deadline is cancelled once every node has ended");
  }

  @Test
  void nodeCallsCarryNoDeadlineOfTheirOwnNorTheCallers() throws Exception {
    HeldNode node = node("node");
    ManagedChannel tracker = tracker(registry, TrackerLimits.DEFAULTS);
    CompletableFuture<List<SearchEvent>> done = new CompletableFuture<>();
    TrackerGrpc.newStub(tracker)
        .withDeadlineAfter(30, TimeUnit.SECONDS)
        .search(QUERY, collecting(done));
    awaitReceived(node);

    assertNull(node.context.get().getDeadline(), "no grpc-timeout header goes to the node");
    node.answer("a.mkv");
    assertEquals(1, done.get(WAIT_SECONDS, TimeUnit.SECONDS).getLast().getSummary().getAnswered());
  }

  @Test
  void callerGoingAwayCancelsTheNodeCallsWithoutCountingATimeOut() throws Exception {
    HeldNode node = node("node");
    ManagedChannel tracker = tracker(registry, TrackerLimits.DEFAULTS);
    Context.CancellableContext caller = Context.current().withCancellation();
    caller.run(
        () -> TrackerGrpc.newStub(tracker).search(QUERY, collecting(new CompletableFuture<>())));
    awaitReceived(node);

    caller.cancel(null);

    assertTrue(
        node.cancelled.await(WAIT_SECONDS, TimeUnit.SECONDS), "the node's call is cancelled");
    timer.fire();
    assertFalse(registry.live().getFirst().endpoint().slow(1), "a caller that left is no time-out");
  }

  // ---- limits ------------------------------------------------------------------------------

  private static NodeOutcome outcomeOf(List<SearchEvent> events, QueueNode node) {
    return events.getLast().getSummary().getOutcomesList().stream()
        .filter(outcome -> outcome.getNode().getNodeId().equals(node.info.getNodeId()))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void nodeThatTimedOutIsSkippedAndProbedUntilItAnswers() throws Exception {
    QueueNode quick = queueNode("quick");
    QueueNode silent = queueNode("silent");
    ManagedChannel tracker = tracker(registry, TrackerLimits.DEFAULTS);

    CompletableFuture<List<SearchEvent>> first = search(tracker, QUERY);
    quick.next().answer("a.mkv");
    silent.next().out().onError(Status.DEADLINE_EXCEEDED.asRuntimeException());
    assertEquals(
        State.STATE_TIMED_OUT,
        outcomeOf(first.get(WAIT_SECONDS, TimeUnit.SECONDS), silent).getState());

    CompletableFuture<List<SearchEvent>> second = search(tracker, QUERY);
    quick.next().answer("a.mkv");
    List<SearchEvent> events = second.get(WAIT_SECONDS, TimeUnit.SECONDS);
    SearchSummary summary = events.getLast().getSummary();
    assertEquals(1, summary.getSkipped());
    assertEquals(1, summary.getAnswered());
    assertEquals(0, summary.getTimedOut());
    NodeOutcome skipped = outcomeOf(events, silent);
    assertEquals(State.STATE_SKIPPED, skipped.getState());
    assertEquals(0, skipped.getElapsedMillis());
    assertTrue(skipped.getError().startsWith("skipped: "), skipped.getError());
    QueueNode.Call probe = silent.next();
    assertEquals(QUERY.toBuilder().setLimit(1).build(), probe.request(), "a one-result probe");

    CompletableFuture<List<SearchEvent>> third = search(tracker, QUERY);
    quick.next().answer();
    assertEquals(
        State.STATE_SKIPPED,
        outcomeOf(third.get(WAIT_SECONDS, TimeUnit.SECONDS), silent).getState());
    assertNull(silent.calls.poll(), "one probe at a time");

    probe.answer();
    CompletableFuture<List<SearchEvent>> fourth = search(tracker, QUERY);
    quick.next().answer();
    QueueNode.Call asked = silent.next();
    assertEquals(QUERY, asked.request(), "asked normally again");
    assertFalse(fourth.isDone(), "waited for again");
    asked.answer("late.mkv");
    assertEquals(
        State.STATE_ANSWERED,
        outcomeOf(fourth.get(WAIT_SECONDS, TimeUnit.SECONDS), silent).getState());
  }

  @Test
  void nodeFailingFastIsNotSkipped() throws Exception {
    QueueNode failing = queueNode("failing");
    ManagedChannel tracker = tracker(registry, TrackerLimits.DEFAULTS);
    for (int i = 0; i < 3; i++) {
      CompletableFuture<List<SearchEvent>> search = search(tracker, QUERY);
      failing.next().out().onError(Status.INTERNAL.asRuntimeException());
      assertEquals(
          State.STATE_FAILED,
          outcomeOf(search.get(WAIT_SECONDS, TimeUnit.SECONDS), failing).getState());
    }
  }

  @Test
  void hitsBeyondTheLimitAskedAreDropped() throws Exception {
    QueueNode node = queueNode("chatty");
    ManagedChannel tracker = tracker(registry, TrackerLimits.DEFAULTS);

    CompletableFuture<List<SearchEvent>> search =
        search(tracker, QUERY.toBuilder().setLimit(2).build());
    node.next().answer("a", "b", "c", "d");

    List<SearchEvent> events = search.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertEquals(2, events.getFirst().getResults().getHitsCount());
    assertEquals(2, outcomeOf(events, node).getHits());
  }

  @Test
  void callerHasAtMostItsShareOfSearchesInFlight() throws Exception {
    QueueNode node = queueNode("held");
    ManagedChannel tracker = tracker(registry, new TrackerLimits(100, 100, 2, 1));
    CompletableFuture<List<SearchEvent>> one = search(tracker, QUERY);
    CompletableFuture<List<SearchEvent>> two = search(tracker, QUERY);
    QueueNode.Call first = node.next();
    node.next();

    ExecutionException refused =
        assertThrows(
            ExecutionException.class,
            () -> search(tracker, QUERY).get(WAIT_SECONDS, TimeUnit.SECONDS));
    Status status = Status.fromThrowable(refused.getCause());
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, status.getCode());
    assertTrue(
        status.getDescription().contains("already has 2 searches in flight"), status.toString());
    assertNull(node.calls.poll(), "a refused search is not relayed");

    first.answer();
    one.get(WAIT_SECONDS, TimeUnit.SECONDS);
    CompletableFuture<List<SearchEvent>> three = search(tracker, QUERY);
    node.next().answer();
    three.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertFalse(two.isDone());
  }

  @Test
  void summaryListsAtMostAThousandOutcomesAndNodesAtOneAddressShareAChannel() throws Exception {
    String address = "crowd-" + UUID.randomUUID();
    Server server =
        InProcessServerBuilder.forName(address)
            .directExecutor()
            .addService(
                new PeerGrpc.PeerImplBase() {
                  @Override
                  public void search(SearchRequest request, StreamObserver<SearchResponse> out) {
                    out.onNext(SearchResponse.getDefaultInstance());
                    out.onCompleted();
                  }
                })
            .build()
            .start();
    cleanup.push(server::shutdownNow);
    AtomicLong channels = new AtomicLong();
    PeerRegistry crowd =
        new PeerRegistry(
            Duration.ofMinutes(1),
            nanos::get,
            node -> {
              channels.incrementAndGet();
              return InProcessChannelBuilder.forName(node.getHost()).directExecutor().build();
            },
            new TrackerLimits(2000, 2000, 8, 1),
            node -> {});
    cleanup.push(crowd::close);
    for (int i = 0; i < 1001; i++) {
      crowd.register(info(address, "n" + i), null);
    }

    List<SearchEvent> events =
        search(tracker(crowd, TrackerLimits.DEFAULTS), QUERY).get(WAIT_SECONDS, TimeUnit.SECONDS);

    SearchSummary summary = events.getLast().getSummary();
    assertEquals(1001, summary.getNodes());
    assertEquals(1001, summary.getAnswered());
    assertEquals(1000, summary.getOutcomesCount());
    assertEquals("outcomes of 1 more nodes left out (counts are complete)", summary.getNote());
    assertEquals(1001, channels.get(), "a channel pinned to each node's identity");
  }
}
