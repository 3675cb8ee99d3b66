package io.diztl.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  private ManagedChannel trackerChannel;

  @BeforeEach
  void start() {
    swarm = TestSwarm.start(root);
    String[] tracker = swarm.trackerAddress().split(":");
    trackerChannel = Transport.channel(tracker[0], Integer.parseInt(tracker[1]));
  }

  @AfterEach
  void stop() {
    release.countDown();
    Transport.close(trackerChannel);
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
    register("00000000deadbeef", Ports.free());
    stalling = startStallingPeer();
    register("00000000510770ff", stalling.getPort());
    Eventually.await("three nodes online", Duration.ofSeconds(20), () -> alice.control().status().getPeersOnline() == 3);
    Eventually.await("alice indexed", Duration.ofSeconds(20), () -> alice.control().status().getFilesIndexed() == 1);

    long started = System.nanoTime();
    List<String> names = new ArrayList<>();
    SearchSummary summary = null;
    Iterator<SearchEvent> events = alice.control().search(SearchRequest.newBuilder().setQuery("report").build());
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
    assertTrue(took.compareTo(TestSwarm.SEARCH_DEADLINE.multipliedBy(4)) < 0, () -> "search took " + took);
  }

  private void register(String nodeId, int port) {
    TrackerGrpc.newBlockingStub(trackerChannel)
        .register(
            RegisterRequest.newBuilder()
                .setNode(NodeInfo.newBuilder().setNodeId(nodeId).setHost("127.0.0.1").setPort(port).setName(nodeId))
                .build());
  }

  private Server startStallingPeer() {
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
    return Transport.startServer("127.0.0.1", 0, executor, List.of(stalls.bindService()), List.of());
  }
}
