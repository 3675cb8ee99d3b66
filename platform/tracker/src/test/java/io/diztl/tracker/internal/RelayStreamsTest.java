package io.diztl.tracker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.diztl.proto.Fingerprint;
import io.diztl.proto.PeerPin;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.RelayAnswer;
import io.diztl.proto.v1.RelayHello;
import io.diztl.proto.v1.RelayQuery;
import io.diztl.proto.v1.RelayReply;
import io.diztl.proto.v1.SearchHit;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.TrackerGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which relay streams the tracker accepts, and what happens to them, over the in-process transport
 * (which carries each channel's id as the caller's identity).
 */
class RelayStreamsTest {

  private static final String TRACKER = Fingerprint.of(new byte[] {0});
  private static final String ALICE = Fingerprint.of(new byte[] {1});
  private static final String MALLORY = Fingerprint.of(new byte[] {2});
  private static final long WAIT_SECONDS = 10;

  private final Deque<Runnable> cleanup = new ArrayDeque<>();
  private final RelayStreams streams = new RelayStreams(Set.of(ALICE, MALLORY)::contains);
  private int port;

  @BeforeEach
  void start() {
    Server server =
        Transport.inProcess(TRACKER)
            .startServer(
                "tracker",
                0,
                Runnable::run,
                List.of(streams.serve(new TrackerGrpc.TrackerImplBase() {}.bindService())),
                List.of());
    cleanup.push(() -> Transport.close(server));
    port = server.getPort();
  }

  @AfterEach
  void stop() {
    streams.close();
    cleanup.forEach(Runnable::run);
  }

  /** The node's side of one stream: what the tracker sent, and how the stream ended. */
  private final class Opened implements StreamObserver<RelayQuery> {
    final BlockingQueue<RelayQuery> queries = new LinkedBlockingQueue<>();
    final CompletableFuture<Status> end = new CompletableFuture<>();
    StreamObserver<RelayReply> out;

    Opened(String as) {
      ManagedChannel channel =
          Transport.inProcess(as).channel("tracker", port, PeerPin.of(TRACKER));
      cleanup.push(() -> Transport.close(channel));
      out = TrackerGrpc.newStub(channel).relay(this);
    }

    Opened hello(String id) {
      out.onNext(RelayReply.newBuilder().setHello(RelayHello.newBuilder().setNodeId(id)).build());
      return this;
    }

    Status.Code ended() throws Exception {
      return end.get(WAIT_SECONDS, TimeUnit.SECONDS).getCode();
    }

    @Override
    public void onNext(RelayQuery value) {
      queries.add(value);
    }

    @Override
    public void onError(Throwable t) {
      end.complete(Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
      end.complete(Status.OK);
    }
  }

  private NodeStream awaitStream(String id) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (streams.of(id) == null && System.nanoTime() < end) {
      Thread.sleep(5);
    }
    return streams.of(id);
  }

  @Test
  void refusesAStreamUnderAnotherNodesId() throws Exception {
    Opened mallory = new Opened(MALLORY).hello(ALICE);

    assertEquals(Status.Code.PERMISSION_DENIED, mallory.ended());
    assertNull(streams.of(ALICE));
  }

  @Test
  void refusesANodeThatIsNotRegistered() throws Exception {
    String stranger = Fingerprint.of(new byte[] {3});

    assertEquals(Status.Code.FAILED_PRECONDITION, new Opened(stranger).hello("").ended());
    assertNull(streams.of(stranger));
  }

  @Test
  void refusesAStreamThatDoesNotStartWithAHello() throws Exception {
    Opened alice = new Opened(ALICE);
    alice.out.onNext(RelayReply.newBuilder().setAnswer(RelayAnswer.getDefaultInstance()).build());

    assertEquals(Status.Code.INVALID_ARGUMENT, alice.ended());
  }

  @Test
  void carriesSearchesToTheNodeAndItsAnswersBack() throws Exception {
    Opened alice = new Opened(ALICE).hello("");
    NodeStream stream = awaitStream(ALICE);
    assertNotNull(stream);
    CompletableFuture<List<SearchHit>> answered = new CompletableFuture<>();
    RelayQuery query =
        RelayQuery.newBuilder()
            .setSearchId(streams.nextSearchId())
            .setRequest(SearchRequest.newBuilder().setQuery("mkv"))
            .setDeadlineMillis(500)
            .build();

    stream.send(
        query.getSearchId(),
        query.toByteArray(),
        new NodeStream.Waiter() {
          @Override
          public void answered(List<SearchHit> hits) {
            answered.complete(hits);
          }

          @Override
          public void failed(Status status) {
            answered.completeExceptionally(status.asRuntimeException());
          }

          @Override
          public void lost() {
            answered.completeExceptionally(new IllegalStateException("lost"));
          }
        });
    RelayQuery received = alice.queries.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    SearchHit hit = SearchHit.newBuilder().setName("film.mkv").build();
    alice.out.onNext(
        RelayReply.newBuilder()
            .setAnswer(
                RelayAnswer.newBuilder()
                    .setSearchId(received.getSearchId())
                    .addHits(hit)
                    .setDone(true))
            .build());

    assertEquals(query, received);
    assertEquals(List.of(hit), answered.get(WAIT_SECONDS, TimeUnit.SECONDS));
  }

  @Test
  void aNewerStreamOfTheSameNodeReplacesTheOlder() throws Exception {
    Opened first = new Opened(ALICE).hello(ALICE);
    NodeStream older = awaitStream(ALICE);
    new Opened(ALICE).hello(ALICE);

    assertEquals(Status.Code.CANCELLED, first.ended());
    NodeStream newer = streams.of(ALICE);
    assertNotNull(newer);
    assertEquals(NodeStream.Sent.ENDED, older.send(1, new byte[0], null));
    assertSame(newer, streams.of(ALICE));
  }

  @Test
  void endsTheStreamsOfNodesThatLeft() throws Exception {
    Opened alice = new Opened(ALICE).hello("");
    awaitStream(ALICE);

    streams.retain(Set.of(MALLORY));

    assertEquals(Status.Code.FAILED_PRECONDITION, alice.ended());
    assertNull(streams.of(ALICE));
  }

  @Test
  void forgetsTheStreamTheNodeEnded() throws Exception {
    Opened alice = new Opened(ALICE).hello("");
    awaitStream(ALICE);

    alice.out.onCompleted();

    assertEquals(Status.Code.OK, alice.ended());
    assertNull(streams.of(ALICE));
  }
}
