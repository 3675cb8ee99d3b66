package io.diztl.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.node.ControlClient;
import io.diztl.node.Node;
import io.diztl.node.NodeConfig;
import io.diztl.proto.Identity;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.WatchEvent;
import io.diztl.proto.v1.WatchMatch;
import io.diztl.proto.v1.WatchRequest;
import io.diztl.tracker.ClusterConfig;
import io.diztl.tracker.TrackerConfig;
import io.diztl.tracker.TrackerServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Standing queries in a cluster of three real trackers (Hazelcast on loopback, mutual TLS): a watch
 * registered through one tracker reaches a node of another, whose new file matches it and reaches
 * the asker through the cluster; when the asker's tracker stops, the asker moves to another by
 * itself (it lists all three) and its watch keeps working.
 */
class ClusterStandingQueriesIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path root;
  private final List<Identity> identities = new ArrayList<>();
  private final List<Integer> trackerPorts = new ArrayList<>();
  private final List<TrackerServer> trackers = new ArrayList<>();
  private final List<Node> nodes = new ArrayList<>();
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable closeable : closing.reversed()) {
      closeable.close();
    }
    nodes.forEach(Node::close);
    trackers.forEach(TrackerServer::close);
  }

  @Test
  void aWatchThroughOneTrackerMatchesFilesOfAnotherTrackersNodeAndSurvivesItsTracker()
      throws Exception {
    startCluster();
    Node asker = startNode("asker", List.of(0, 1, 2));
    Eventually.await("the asker registered", WAIT, asker::trackerConnected);
    ControlClient control = ControlClient.connect(root.resolve("asker/data"));
    closing.add(control);
    // Its first tracker, unless a slow start moved it on.
    int through = trackerAddresses().indexOf(control.status().getTracker());
    List<Integer> others = IntStream.range(0, 3).filter(i -> i != through).boxed().toList();
    Node sharer = startNode("sharer", others);
    Eventually.await("the sharer registered", WAIT, sharer::trackerConnected);
    ControlClient sharing = ControlClient.connect(root.resolve("sharer/data"));
    closing.add(sharing);
    assertTrue(others.contains(trackerAddresses().indexOf(sharing.status().getTracker())));

    Watch watch = watch(control, "nebula");
    Eventually.await(
        "the sharer, a node of another tracker, holds the watch",
        WAIT,
        () -> sharer.standingQueriesHeld() == 1);
    Files.writeString(root.resolve("sharer/share/nebula-one.txt"), "one");
    WatchMatch first = watch.next();
    assertEquals("nebula-one.txt", first.getHit().getName());
    assertEquals(sharer.id(), first.getNode().getNodeId());
    assertFalse(first.getExisting());

    trackers.get(through).close();
    Eventually.await(
        "the asker moved to another tracker",
        WAIT,
        () -> {
          var status = control.status();
          return status.getTrackerConnected()
              && !status.getTracker().equals(trackerAddress(through));
        });
    assertEquals(1, sharer.standingQueriesHeld(), "the watch outlives the tracker it came through");
    Files.writeString(root.resolve("sharer/share/nebula-two.txt"), "two");
    assertEquals("nebula-two.txt", watch.next().getHit().getName());
  }

  private void startCluster() throws Exception {
    List<Integer> clusterPorts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      identities.add(Identity.generate());
      trackerPorts.add(Ports.free());
      clusterPorts.add(Ports.free());
    }
    String members =
        IntStream.range(0, 3)
            .mapToObj(i -> "127.0.0.1:" + clusterPorts.get(i) + "#" + identities.get(i).id())
            .collect(Collectors.joining(","));
    try (ExecutorService starting = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<TrackerServer>> started = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        int n = i;
        started.add(
            starting.submit(
                () ->
                    TrackerServer.start(
                        new TrackerConfig(
                            "127.0.0.1",
                            trackerPorts.get(n),
                            TrackerConfig.DEFAULT_NODE_TTL,
                            TestSwarm.SEARCH_DEADLINE),
                        Transport.tls(identities.get(n)),
                        Optional.of(
                            ClusterConfig.parse(clusterPorts.get(n), members, "standing")))));
      }
      for (Future<TrackerServer> tracker : started) {
        trackers.add(tracker.get());
      }
    }
    Eventually.await(
        "three trackers in one cluster",
        WAIT,
        () -> trackers.stream().allMatch(tracker -> tracker.clusterSize() == 3));
  }

  /** A node listing the trackers of {@code order}, the first of them first. */
  private Node startNode(String name, List<Integer> order) throws Exception {
    Path home = root.resolve(name);
    Path share = Files.createDirectories(home.resolve("share"));
    Node node =
        Node.start(
            new NodeConfig(
                share,
                home.resolve("downloads"),
                home.resolve("data"),
                "127.0.0.1",
                0,
                "127.0.0.1",
                order.stream().map(this::trackerAddress).collect(Collectors.joining(",")),
                false));
    nodes.add(node);
    return node;
  }

  private List<String> trackerAddresses() {
    return IntStream.range(0, 3).mapToObj(this::trackerAddress).toList();
  }

  private String trackerAddress(int i) {
    return "127.0.0.1:" + trackerPorts.get(i) + "#" + identities.get(i).id();
  }

  private Watch watch(ControlClient control, String query) throws InterruptedException {
    ControlClient.WatchStream stream =
        control.watch(
            WatchRequest.newBuilder().setQuery(SearchRequest.newBuilder().setQuery(query)).build());
    closing.add(stream);
    Watch watch = new Watch(stream);
    WatchEvent first = watch.event();
    assertTrue(first.hasRegistered(), "registration first: " + first);
    return watch;
  }

  /** The events of one watch, read on a thread of their own. */
  private static final class Watch {
    private final BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();

    Watch(ControlClient.WatchStream stream) {
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  stream.forEachRemaining(events::add);
                } catch (RuntimeException e) {
                  // the stream was closed
                }
              });
    }

    WatchEvent event() throws InterruptedException {
      WatchEvent event = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertNotNull(event, "an event within " + WAIT);
      return event;
    }

    WatchMatch next() throws InterruptedException {
      WatchEvent event = event();
      assertTrue(event.hasMatch(), "a match: " + event);
      return event.getMatch();
    }
  }
}
