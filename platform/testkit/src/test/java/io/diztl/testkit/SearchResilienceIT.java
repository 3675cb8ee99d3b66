package io.diztl.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.proto.Identity;
import io.diztl.proto.PeerPin;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.PeerGrpc;
import io.diztl.proto.v1.RegisterRequest;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.SearchResponse;
import io.diztl.proto.v1.SearchSummary;
import io.diztl.proto.v1.TrackerGrpc;
import io.diztl.testkit.TestSwarm.TestNode;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A search completes with the live nodes' results while one node is gone and another stalls. */
class SearchResilienceIT {

  @TempDir Path root;
  private TestSwarm swarm;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final CountDownLatch release = new CountDownLatch(1);
  private Server stalling;

  @BeforeEach
  void start() {
    swarm = TestSwarm.start(root);
  }

  @AfterEach
  void stop() {
    release.countDown();
    if (stalling != null) {
      Transport.close(stalling);
    }
    swarm.close();
    executor.shutdownNow();
  }

  @Test
  void deadAndStalledNodesDoNotHoldUpTheSearch() {
    TestNode alice = swarm.addNode("alice");
    alice.write("report-2024.pdf", "pdf".getBytes());
    Identity deadNode = Identity.generate();
    Server dead = startStallingPeer(deadNode);
    register(deadNode, dead.getPort());
    Transport.close(dead);
    Identity stallingNode = Identity.generate();
    stalling = startStallingPeer(stallingNode);
    register(stallingNode, stalling.getPort());
    Eventually.await(
        "three nodes online",
        Duration.ofSeconds(20),
        () -> alice.control().status().getPeersOnline() == 3);
    Eventually.await(
        "alice indexed",
        Duration.ofSeconds(20),
        () -> alice.control().status().getFilesIndexed() == 1);

    long started = System.nanoTime();
    List<String> names = new ArrayList<>();
    SearchSummary summary = null;
    Iterator<SearchEvent> events =
        alice.control().search(SearchRequest.newBuilder().setQuery("report").build());
    while (events.hasNext()) {
      SearchEvent event = events.next();
      if (event.hasResults()) {
        event.getResults().getHitsList().forEach(hit -> names.add(hit.getName()));
      } else {
        summary = event.getSummary();
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertEquals(List.of("report-2024.pdf"), names);
    assertTrue(summary != null, "summary sent");
    assertEquals(3, summary.getNodes(), summary::toString);
    assertEquals(1, summary.getAnswered(), summary::toString);
    assertEquals(1, summary.getFailed(), summary::toString);
    assertEquals(1, summary.getTimedOut(), summary::toString);
    // Bounded by the per-node deadline, not by the stalled node: a loose bound, not a speed test.
    assertTrue(
        took.compareTo(TestSwarm.SEARCH_DEADLINE.multipliedBy(4)) < 0, () -> "search took " + took);
  }

  /** Registers a node with {@code identity} at {@code port}, over a channel of its own. */
  private void register(Identity identity, int port) {
    int trackerPort = Integer.parseInt(swarm.trackerAddress().split("[:#]")[1]);
    ManagedChannel channel =
        Transport.tls(identity)
            .channel("127.0.0.1", trackerPort, PeerPin.of(swarm.trackerIdentity().id()));
    try {
      TrackerGrpc.newBlockingStub(channel)
          .register(
              RegisterRequest.newBuilder()
                  .setNode(
                      NodeInfo.newBuilder()
                          .setNodeId(identity.id())
                          .setHost("127.0.0.1")
                          .setPort(port)
                          .setName("fake"))
                  .build());
    } finally {
      Transport.close(channel);
    }
  }

  private Server startStallingPeer(Identity identity) {
    PeerGrpc.PeerImplBase stalls =
        new PeerGrpc.PeerImplBase() {
          @Override
          public void search(SearchRequest request, StreamObserver<SearchResponse> responses) {
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            if (!((ServerCallStreamObserver<SearchResponse>) responses).isCancelled()) {
              responses.onNext(SearchResponse.getDefaultInstance());
              responses.onCompleted();
            }
          }
        };
    return Transport.tls(identity)
        .startServer("127.0.0.1", 0, executor, List.of(stalls.bindService()), List.of());
  }
}
