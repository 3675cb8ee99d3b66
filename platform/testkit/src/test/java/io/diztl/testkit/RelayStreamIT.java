package io.diztl.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.proto.Identity;
import io.diztl.proto.PeerPin;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.NodeOutcome;
import io.diztl.proto.v1.NodeResults;
import io.diztl.proto.v1.RegisterRequest;
import io.diztl.proto.v1.RelayAnswer;
import io.diztl.proto.v1.RelayHello;
import io.diztl.proto.v1.RelayQuery;
import io.diztl.proto.v1.RelayReply;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchHit;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.SearchSummary;
import io.diztl.proto.v1.TrackerGrpc;
import io.diztl.testkit.TestSwarm.TestNode;
import io.diztl.tracker.TrackerLimits;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Searches sent on the nodes' relay streams, over TLS on real TCP: real nodes open theirs and are
 * found through them, and again after their streams break; a hand-made node shows what a node may
 * not do with its stream (speak for another node, hold up a search, make the tracker queue for it).
 */
class RelayStreamIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  /** The most searches a node may leave unanswered on its stream (NodeStream.MAX_WAITING). */
  private static final int MAX_WAITING = 64;

  @TempDir Path root;
  private TestSwarm swarm;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final List<Runnable> cleanup = new ArrayList<>();

  @AfterEach
  void stop() {
    cleanup.reversed().forEach(Runnable::run);
    if (swarm != null) {
      swarm.close();
    }
    executor.shutdownNow();
  }

  @Test
  void nodesAreSearchedOnTheirStreamsAndFoundAgainAfterTheyBreak() {
    swarm = TestSwarm.start(root);
    TestNode alice = swarm.addNode("alice");
    alice.write("music/song.mp3", "la la la".getBytes());
    TestNode bob = swarm.addNode("bob");
    awaitIndexed(alice, 1);
    Eventually.await("both streams open", WAIT, () -> swarm.tracker().relayStreams() == 2);

    Found found = search(bob, "song");

    assertEquals(List.of(alice.node().id() + " song.mp3"), found.hits());
    assertEquals(2, found.summary().getAnswered(), found.summary()::toString);

    swarm.stopTracker();
    swarm.restartTracker();
    Eventually.await("both streams open again", WAIT, () -> swarm.tracker().relayStreams() == 2);

    Found again = search(bob, "song");
    assertEquals(List.of(alice.node().id() + " song.mp3"), again.hits());
    assertEquals(2, again.summary().getAnswered(), again.summary()::toString);
  }

  @Test
  void aNodeAnswersForItselfAlone() throws Exception {
    swarm = TestSwarm.start(root);
    TestNode alice = swarm.addNode("alice");
    alice.write("music/song.mp3", "la la la".getBytes());
    awaitIndexed(alice, 1);
    Identity mallory = Identity.generate();
    register(mallory);

    Raw impostor = new Raw(channel(mallory), false);
    impostor.hello(alice.node().id());
    assertEquals(Status.Code.PERMISSION_DENIED, impostor.ended());

    // Mallory's own stream answers each search for itself with a forged hit, and answers a
    // search it was never sent.
    Raw own = new Raw(channel(mallory), true);
    own.hello("");
    Eventually.await("both streams open", WAIT, () -> swarm.tracker().relayStreams() == 2);

    Found found = search(alice, "song");

    assertEquals(
        List.of(alice.node().id() + " song.mp3", mallory.id() + " song-forged.mp3").stream()
            .sorted()
            .toList(),
        found.hits().stream().sorted().toList());
    assertEquals(2, found.summary().getAnswered(), found.summary()::toString);
  }

  @Test
  void aNodeThatNeverAnswersNeitherHoldsUpSearchesNorIsQueuedForWithoutBound() throws Exception {
    // Room for more searches at once than one node may leave unanswered; none is skipped as slow.
    swarm = TestSwarm.start(root, new TrackerLimits(100, 100, 2 * MAX_WAITING, 1_000));
    TestNode alice = swarm.addNode("alice");
    alice.write("music/song.mp3", "la la la".getBytes());
    awaitIndexed(alice, 1);
    Identity silent = Identity.generate();
    register(silent);
    Raw mute = new Raw(channel(silent), false);
    mute.hello("");
    Eventually.await("both streams open", WAIT, () -> swarm.tracker().relayStreams() == 2);

    long started = System.nanoTime();
    Found one = search(alice, "song");
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertEquals(List.of(alice.node().id() + " song.mp3"), one.hits());
    assertEquals(1, one.summary().getTimedOut(), one.summary()::toString);
    // Bounded by the per-node deadline: a loose bound, not a speed test.
    assertTrue(
        took.compareTo(TestSwarm.SEARCH_DEADLINE.multipliedBy(3)) < 0, () -> "search took " + took);

    // More searches at once than the silent node may leave unanswered: the tracker stops sending
    // it searches rather than queueing them, and every search still ends with a summary.
    List<SearchSummary> summaries = concurrentSearches(MAX_WAITING + 8);
    long notSent =
        summaries.stream()
            .flatMap(summary -> summary.getOutcomesList().stream())
            .filter(outcome -> outcome.getNode().getNodeId().equals(silent.id()))
            .filter(outcome -> outcome.getState() == NodeOutcome.State.STATE_FAILED)
            .filter(outcome -> outcome.getError().contains("backed up"))
            .count();
    assertEquals(MAX_WAITING + 8, summaries.size());
    assertTrue(notSent >= 8, () -> notSent + " searches not sent, of " + summaries);
    assertTrue(summaries.stream().allMatch(summary -> summary.getNodes() == 2));
  }

  private record Found(List<String> hits, SearchSummary summary) {}

  /** Searches through {@code node}'s tracker; its hits as "NODE NAME", in the order they came. */
  private static Found search(TestNode node, String query) {
    List<String> hits = new ArrayList<>();
    SearchSummary summary = null;
    Iterator<SearchEvent> events =
        node.control().search(SearchRequest.newBuilder().setQuery(query).build());
    while (events.hasNext()) {
      SearchEvent event = events.next();
      if (event.hasResults()) {
        NodeResults results = event.getResults();
        results
            .getHitsList()
            .forEach(hit -> hits.add(results.getNode().getNodeId() + " " + hit.getName()));
      } else {
        summary = event.getSummary();
      }
    }
    assertTrue(summary != null, "summary sent");
    return new Found(hits, summary);
  }

  /**
   * {@code count} searches sent to the tracker at once, over two connections (each carries at most
   * {@code Transport.MAX_CALLS_PER_CONNECTION} calls at once); their summaries.
   */
  private List<SearchSummary> concurrentSearches(int count) throws InterruptedException {
    List<ManagedChannel> channels =
        List.of(channel(Identity.generate()), channel(Identity.generate()));
    List<SearchSummary> summaries = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(count);
    for (int i = 0; i < count; i++) {
      TrackerGrpc.newStub(channels.get(i % 2))
          .withDeadlineAfter(WAIT.toSeconds(), TimeUnit.SECONDS)
          .search(
              SearchRequest.newBuilder().setQuery("song").build(),
              new StreamObserver<>() {
                @Override
                public void onNext(SearchEvent event) {
                  if (event.hasSummary()) {
                    summaries.add(event.getSummary());
                  }
                }

                @Override
                public void onError(Throwable t) {
                  done.countDown();
                }

                @Override
                public void onCompleted() {
                  done.countDown();
                }
              });
    }
    assertTrue(done.await(WAIT.toSeconds(), TimeUnit.SECONDS), "searches ended");
    return summaries;
  }

  private static void awaitIndexed(TestNode node, int files) {
    Eventually.await(
        node.name() + " indexed", WAIT, () -> node.control().status().getFilesIndexed() == files);
  }

  private int trackerPort() {
    return swarm.tracker().port();
  }

  /** A channel to the tracker under {@code identity}. */
  private ManagedChannel channel(Identity identity) {
    ManagedChannel channel =
        Transport.tls(identity)
            .channel("127.0.0.1", trackerPort(), PeerPin.of(swarm.trackerIdentity().id()));
    cleanup.add(() -> Transport.close(channel));
    return channel;
  }

  /**
   * Registers a hand-made node of {@code identity}: its peer port serves only the health check the
   * tracker checks its identity with, so it can be searched on its relay stream alone.
   */
  private void register(Identity identity) {
    Server peer =
        Transport.tls(identity).startServer("127.0.0.1", 0, executor, List.of(), List.of());
    cleanup.add(() -> Transport.close(peer));
    TrackerGrpc.newBlockingStub(channel(identity))
        .register(
            RegisterRequest.newBuilder()
                .setNode(
                    NodeInfo.newBuilder()
                        .setHost("127.0.0.1")
                        .setPort(peer.getPort())
                        .setName("hand-made"))
                .build());
  }

  /**
   * A hand-made relay stream: answering, each search with a forged hit (and an answer to a search
   * it was not sent), or reading nothing at all.
   */
  private static final class Raw implements ClientResponseObserver<RelayReply, RelayQuery> {
    private final boolean answering;
    private final CompletableFuture<Status> end = new CompletableFuture<>();
    private final AtomicInteger queries = new AtomicInteger();
    private ClientCallStreamObserver<RelayReply> out;

    Raw(ManagedChannel channel, boolean answering) {
      this.answering = answering;
      TrackerGrpc.newStub(channel).relay(this);
    }

    synchronized void hello(String id) {
      out.onNext(RelayReply.newBuilder().setHello(RelayHello.newBuilder().setNodeId(id)).build());
    }

    Status.Code ended() throws Exception {
      return end.get(WAIT.toSeconds(), TimeUnit.SECONDS).getCode();
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<RelayReply> requests) {
      out = requests;
      if (!answering) {
        requests.disableAutoRequestWithInitial(0);
      }
    }

    @Override
    public synchronized void onNext(RelayQuery query) {
      queries.incrementAndGet();
      SearchHit forged =
          SearchHit.newBuilder()
              .setFileId("0123456789abcdef01234567")
              .setName(query.getRequest().getQuery() + "-forged.mp3")
              .build();
      out.onNext(
          RelayReply.newBuilder()
              .setAnswer(
                  RelayAnswer.newBuilder()
                      .setSearchId(query.getSearchId() + 1000)
                      .addHits(forged.toBuilder().setName("unsent.mp3"))
                      .setDone(true))
              .build());
      out.onNext(
          RelayReply.newBuilder()
              .setAnswer(
                  RelayAnswer.newBuilder()
                      .setSearchId(query.getSearchId())
                      .addHits(forged)
                      .setDone(true))
              .build());
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
}
