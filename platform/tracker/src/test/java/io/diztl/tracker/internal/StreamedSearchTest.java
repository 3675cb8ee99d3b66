package io.diztl.tracker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;

import io.diztl.proto.Fingerprint;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.NodeOutcome;
import io.diztl.proto.v1.PeerGrpc;
import io.diztl.proto.v1.RelayAnswer;
import io.diztl.proto.v1.RelayHello;
import io.diztl.proto.v1.RelayQuery;
import io.diztl.proto.v1.RelayReply;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchHit;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.SearchResponse;
import io.diztl.proto.v1.SearchSummary;
import io.diztl.proto.v1.TrackerGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * A search relayed to a node that holds a relay stream open, over in-process transports: it goes on
 * the stream, and by a call when the stream ends first; its deadline holds on the stream too.
 */
class StreamedSearchTest {

  private static final Duration DEADLINE = Duration.ofSeconds(5);
  private static final long WAIT_SECONDS = 10;
  private static final SearchRequest QUERY = SearchRequest.newBuilder().setQuery("mkv").build();

  private final Deque<Runnable> cleanup = new ArrayDeque<>();
  private final List<Runnable> alarms = new ArrayList<>();
  private final PeerRegistry registry =
      new PeerRegistry(
          Duration.ofMinutes(1),
          System::nanoTime,
          node -> InProcessChannelBuilder.forName(node.getHost()).directExecutor().build());
  private final RelayStreams streams = new RelayStreams(id -> registry.liveNode(id).isPresent());

  @SuppressWarnings("unchecked")
  private final ServerCallStreamObserver<SearchEvent> out = mock(ServerCallStreamObserver.class);

  @AfterEach
  void closeAll() {
    streams.close();
    while (!cleanup.isEmpty()) {
      cleanup.pop().run();
    }
    registry.close();
  }

  /** A node's peer service that queues each search it is called with. */
  private static final class CalledNode extends PeerGrpc.PeerImplBase {
    final BlockingQueue<StreamObserver<SearchResponse>> calls = new LinkedBlockingQueue<>();
    NodeInfo info;

    @Override
    public void search(SearchRequest request, StreamObserver<SearchResponse> responses) {
      calls.add(responses);
    }
  }

  /** The node's end of its relay stream: the queries it got, and a way to answer or break it. */
  private static final class NodeEnd implements ClientResponseObserver<RelayReply, RelayQuery> {
    final BlockingQueue<RelayQuery> queries = new LinkedBlockingQueue<>();
    ClientCallStreamObserver<RelayReply> out;

    @Override
    public void beforeStart(ClientCallStreamObserver<RelayReply> requests) {
      out = requests;
    }

    @Override
    public void onNext(RelayQuery query) {
      queries.add(query);
    }

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}

    RelayQuery next() throws InterruptedException {
      RelayQuery query = queries.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      assertNotNull(query, "the node gets the search on its stream");
      return query;
    }

    void answer(long searchId, String name) {
      out.onNext(
          RelayReply.newBuilder()
              .setAnswer(
                  RelayAnswer.newBuilder()
                      .setSearchId(searchId)
                      .addHits(SearchHit.newBuilder().setName(name))
                      .setDone(true))
              .build());
    }
  }

  private CalledNode node() throws IOException {
    CalledNode node = new CalledNode();
    String address = "node-" + UUID.randomUUID();
    Server server =
        InProcessServerBuilder.forName(address).directExecutor().addService(node).build().start();
    cleanup.push(server::shutdownNow);
    String id = Fingerprint.of(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
    node.info =
        registry.register(
            NodeInfo.newBuilder().setNodeId(id).setHost(address).setPort(7401).build(), null);
    return node;
  }

  /** Opens {@code node}'s relay stream and waits until the tracker holds it. */
  private NodeEnd stream(CalledNode node) throws Exception {
    String address = "tracker-" + UUID.randomUUID();
    Server server =
        InProcessServerBuilder.forName(address)
            .directExecutor()
            .addService(streams.serve(new TrackerGrpc.TrackerImplBase() {}.bindService()))
            .build()
            .start();
    cleanup.push(server::shutdownNow);
    ManagedChannel channel = InProcessChannelBuilder.forName(address).directExecutor().build();
    cleanup.push(channel::shutdownNow);
    NodeEnd end = new NodeEnd();
    TrackerGrpc.newStub(channel).relay(end);
    end.out.onNext(
        RelayReply.newBuilder()
            .setHello(RelayHello.newBuilder().setNodeId(node.info.getNodeId()))
            .build());
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (streams.of(node.info.getNodeId()) == null && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    assertNotNull(streams.of(node.info.getNodeId()), "the tracker holds the stream");
    return end;
  }

  private void search() {
    DeadlineTimer timer =
        (task, delayNanos) -> {
          synchronized (alarms) {
            alarms.add(task);
          }
          return new CompletableFuture<Void>();
        };
    new SearchRelay(
            QUERY,
            registry.live(),
            out,
            new SearchRelay.Settings(DEADLINE, 1, Runnable::run, System::nanoTime, timer, streams),
            () -> {})
        .start();
  }

  private void fireDeadline() {
    List<Runnable> due;
    synchronized (alarms) {
      due = List.copyOf(alarms);
    }
    due.forEach(Runnable::run);
  }

  /** The summary, once the search has ended. */
  private SearchSummary summary() {
    verify(out, timeout(TimeUnit.SECONDS.toMillis(WAIT_SECONDS))).onCompleted();
    ArgumentCaptor<SearchEvent> sent = ArgumentCaptor.forClass(SearchEvent.class);
    verify(out, atLeastOnce()).onNext(sent.capture());
    return sent.getAllValues().getLast().getSummary();
  }

  private List<String> hits() {
    ArgumentCaptor<SearchEvent> sent = ArgumentCaptor.forClass(SearchEvent.class);
    verify(out, atLeastOnce()).onNext(sent.capture());
    return sent.getAllValues().stream()
        .filter(SearchEvent::hasResults)
        .flatMap(event -> event.getResults().getHitsList().stream())
        .map(SearchHit::getName)
        .toList();
  }

  @Test
  void asksANodeOnItsStreamAndNotByACall() throws Exception {
    CalledNode node = node();
    NodeEnd end = stream(node);

    search();
    RelayQuery query = end.next();
    end.answer(query.getSearchId(), "film.mkv");

    assertEquals(QUERY, query.getRequest());
    assertEquals(DEADLINE.toMillis(), query.getDeadlineMillis());
    assertEquals(1, summary().getAnswered());
    assertEquals(List.of("film.mkv"), hits());
    assertTrue(node.calls.isEmpty(), "no call to the node's peer service");
  }

  @Test
  void asksANodeByACallWhenItsStreamEndsBeforeItAnswers() throws Exception {
    CalledNode node = node();
    NodeEnd end = stream(node);

    search();
    end.next();
    end.out.cancel("the node's connection broke", null);
    StreamObserver<SearchResponse> call = node.calls.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertNotNull(call, "the node is called instead");
    call.onNext(
        SearchResponse.newBuilder().addHits(SearchHit.newBuilder().setName("by-call.mkv")).build());
    call.onCompleted();

    assertEquals(1, summary().getAnswered());
    assertEquals(List.of("by-call.mkv"), hits());
  }

  @Test
  void aStreamedNodeThatDoesNotAnswerTimesOutAtTheDeadline() throws Exception {
    CalledNode node = node();
    NodeEnd end = stream(node);

    search();
    RelayQuery query = end.next();
    fireDeadline();
    end.answer(query.getSearchId(), "late.mkv");

    SearchSummary summary = summary();
    assertEquals(1, summary.getTimedOut(), summary::toString);
    assertEquals(NodeOutcome.State.STATE_TIMED_OUT, summary.getOutcomes(0).getState());
    assertEquals(List.of(), hits());
    assertTrue(node.calls.isEmpty(), "no call to the node's peer service");
  }
}
