package io.diztl.node.internal.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.proto.Fingerprint;
import io.diztl.proto.PeerPin;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.RelayAnswer;
import io.diztl.proto.v1.RelayHello;
import io.diztl.proto.v1.RelayQuery;
import io.diztl.proto.v1.RelayReply;
import io.diztl.proto.v1.SearchHit;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.SearchResponse;
import io.diztl.proto.v1.TrackerGrpc;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The node's end of its relay stream, against a fake tracker over the in-process transport: the
 * hello, answers in parts, failures with their code, the deadline the answerer runs under, and the
 * stream's end.
 */
class RelayStreamTest {

  private static final String TRACKER = Fingerprint.of(new byte[] {0});
  private static final String NODE = Fingerprint.of(new byte[] {1});
  private static final long WAIT_SECONDS = 10;

  private final Deque<Runnable> cleanup = new ArrayDeque<>();
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  private final BlockingQueue<RelayReply> replies = new LinkedBlockingQueue<>();
  private final CompletableFuture<StreamObserver<RelayQuery>> toNode = new CompletableFuture<>();
  private final CompletableFuture<Status> ended = new CompletableFuture<>();
  private final CompletableFuture<Boolean> halfClosed = new CompletableFuture<>();
  private ManagedChannel channel;

  @BeforeEach
  void start() {
    TrackerGrpc.TrackerImplBase tracker =
        new TrackerGrpc.TrackerImplBase() {
          @Override
          public StreamObserver<RelayReply> relay(StreamObserver<RelayQuery> out) {
            toNode.complete(out);
            return new StreamObserver<>() {
              @Override
              public void onNext(RelayReply reply) {
                replies.add(reply);
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onCompleted() {
                halfClosed.complete(true);
              }
            };
          }
        };
    Server server =
        Transport.inProcess(TRACKER)
            .startServer("tracker", 0, Runnable::run, List.of(tracker.bindService()), List.of());
    cleanup.push(() -> Transport.close(server));
    channel = Transport.inProcess(NODE).channel("tracker", server.getPort(), PeerPin.of(TRACKER));
    cleanup.push(() -> Transport.close(channel));
  }

  @AfterEach
  void stop() {
    cleanup.forEach(Runnable::run);
    timers.shutdownNow();
  }

  private RelayStream open(SearchAnswerer answerer) throws Exception {
    RelayStream stream =
        RelayStream.open(channel, NODE, answerer, Runnable::run, timers, ended::complete);
    assertEquals(
        RelayReply.newBuilder().setHello(RelayHello.newBuilder().setNodeId(NODE)).build(), next());
    return stream;
  }

  private RelayReply next() throws InterruptedException {
    RelayReply reply = replies.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertNotNull(reply, "the node sends a message");
    return reply;
  }

  private void ask(long id, String query, long deadlineMillis) throws Exception {
    toNode
        .get(WAIT_SECONDS, TimeUnit.SECONDS)
        .onNext(
            RelayQuery.newBuilder()
                .setSearchId(id)
                .setRequest(SearchRequest.newBuilder().setQuery(query))
                .setDeadlineMillis(deadlineMillis)
                .build());
  }

  private static SearchHit hit(String name) {
    return SearchHit.newBuilder().setFileId("0123456789abcdef01234567").setName(name).build();
  }

  @Test
  void answersEachSearchOnTheStreamUnderTheDeadlineItWasGiven() throws Exception {
    List<Deadline> deadlines = new ArrayList<>();
    open(
        (request, answer) -> {
          deadlines.add(Context.current().getDeadline());
          answer.onNext(
              SearchResponse.newBuilder().addHits(hit(request.getQuery() + ".mkv")).build());
          answer.onCompleted();
        });

    ask(7, "film", 60_000);

    assertEquals(
        RelayReply.newBuilder()
            .setAnswer(
                RelayAnswer.newBuilder().setSearchId(7).addHits(hit("film.mkv")).setDone(true))
            .build(),
        next());
    long left = deadlines.getFirst().timeRemaining(TimeUnit.MILLISECONDS);
    assertTrue(left > 0 && left <= 60_000, () -> left + " ms left");
  }

  @Test
  void sendsALargeAnswerInPartsTheLastOneDone() throws Exception {
    SearchHit big = hit("x".repeat(100_000));
    open(
        (request, answer) -> {
          SearchResponse.Builder response = SearchResponse.newBuilder();
          for (int i = 0; i < 10; i++) {
            response.addHits(big);
          }
          answer.onNext(response.build());
          answer.onCompleted();
        });

    ask(3, "x", 1000);

    int hits = 0;
    List<Boolean> done = new ArrayList<>();
    while (done.isEmpty() || !done.getLast()) {
      RelayAnswer part = next().getAnswer();
      assertEquals(3, part.getSearchId());
      assertTrue(part.getSerializedSize() < 2 * RelayStream.PART_BYTES, "a part stays small");
      hits += part.getHitsCount();
      done.add(part.getDone());
    }
    assertEquals(10, hits);
    assertTrue(done.size() > 1, "more than one part");
  }

  @Test
  void passesAFailureOnWithItsCode() throws Exception {
    open(
        (request, answer) ->
            answer.onError(
                Status.RESOURCE_EXHAUSTED.withDescription("no more searches").asException()));

    ask(5, "any", 1000);

    RelayAnswer answer = next().getAnswer();
    assertEquals(5, answer.getSearchId());
    assertTrue(answer.getDone());
    assertEquals(Status.Code.RESOURCE_EXHAUSTED.value(), answer.getFailure().getCode());
    assertEquals("no more searches", answer.getFailure().getDescription());
  }

  @Test
  void saysWhenTheTrackerEndsTheStreamAndEndsItsOwnSideOnClose() throws Exception {
    RelayStream stream = open((request, answer) -> answer.onCompleted());

    toNode.get(WAIT_SECONDS, TimeUnit.SECONDS).onError(Status.UNAVAILABLE.asException());

    assertEquals(Status.Code.UNAVAILABLE, ended.get(WAIT_SECONDS, TimeUnit.SECONDS).getCode());
    assertTrue(stream.ended());
  }

  @Test
  void closingEndsTheNodesSide() throws Exception {
    RelayStream stream = open((request, answer) -> answer.onCompleted());

    stream.close();

    assertTrue(halfClosed.get(WAIT_SECONDS, TimeUnit.SECONDS));
    assertTrue(stream.ended());
  }
}
