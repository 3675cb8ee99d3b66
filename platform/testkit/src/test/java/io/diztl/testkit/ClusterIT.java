package io.diztl.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.node.ControlClient;
import io.diztl.node.Node;
import io.diztl.node.NodeConfig;
import io.diztl.proto.Identity;
import io.diztl.proto.PeerPin;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.SearchSummary;
import io.diztl.proto.v1.TrackerGrpc;
import io.diztl.proto.v1.TrackerPeerGrpc;
import io.diztl.tracker.ClusterConfig;
import io.diztl.tracker.RoutingPolicy;
import io.diztl.tracker.TrackerConfig;
import io.diztl.tracker.TrackerServer;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real trackers in one Hazelcast cluster on loopback, each with a real node of its own (each
 * node lists all three trackers, its own first): registrations made through one tracker are seen
 * through the others, a search through any tracker reaches the nodes of every tracker, and when a
 * tracker stops, its node moves to another by itself. Searches are routed from the first node on,
 * so a search goes only to the nodes whose share summary may match. One cluster for the whole
 * class: forming it takes seconds.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String[] NAMES = {"alice", "bob", "carol"};

  @TempDir static Path root;
  private static final List<Identity> identities = new ArrayList<>();
  private static final List<Integer> trackerPorts = new ArrayList<>();
  private static final List<Integer> clusterPorts = new ArrayList<>();
  private static final List<TrackerServer> trackers = new ArrayList<>();
  private static final List<Node> nodes = new ArrayList<>();
  private static final List<ControlClient> controls = new ArrayList<>();

  @BeforeAll
  static void startCluster() throws Exception {
    for (int i = 0; i < NAMES.length; i++) {
      identities.add(Identity.generate());
      trackerPorts.add(Ports.free());
      clusterPorts.add(Ports.free());
    }
    String members =
        IntStream.range(0, NAMES.length)
            .mapToObj(i -> "127.0.0.1:" + clusterPorts.get(i) + "#" + identities.get(i).id())
            .collect(Collectors.joining(","));
    // Platform threads: a starting Hazelcast member loads many classes, which pins the carriers of
    // virtual threads and can deadlock them on a machine of two cores.
    try (ExecutorService starting =
        Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().factory())) {
      List<Future<TrackerServer>> started = new ArrayList<>();
      for (int i = 0; i < NAMES.length; i++) {
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
                        Optional.of(ClusterConfig.parse(clusterPorts.get(n), members, "it")),
                        new RoutingPolicy(1))));
      }
      for (Future<TrackerServer> tracker : started) {
        trackers.add(tracker.get());
      }
    }
    Eventually.await(
        "three trackers in one cluster",
        WAIT,
        () -> trackers.stream().allMatch(tracker -> tracker.clusterSize() == 3));
    for (int i = 0; i < NAMES.length; i++) {
      nodes.add(startNode(i));
    }
    nodes.forEach(node -> controls.add(ControlClient.connect(dataOf(nodes.indexOf(node)))));
  }

  /** Node {@code i} lists every tracker, starting with tracker {@code i}. */
  private static Node startNode(int i) throws IOException {
    return startNode(
        NAMES[i],
        IntStream.range(0, NAMES.length)
            .mapToObj(k -> trackerAddress((i + k) % NAMES.length))
            .collect(Collectors.joining(",")));
  }

  private static Node startNode(String name, String trackerList) throws IOException {
    Path home = root.resolve(name);
    Path share = Files.createDirectories(home.resolve("share"));
    Files.writeString(share.resolve("cluster-" + name + ".txt"), name);
    return Node.start(
        new NodeConfig(
            share,
            home.resolve("downloads"),
            home.resolve("data"),
            "127.0.0.1",
            0,
            "127.0.0.1",
            trackerList,
            false));
  }

  private static Path dataOf(int i) {
    return root.resolve(NAMES[i]).resolve("data");
  }

  private static String trackerAddress(int i) {
    return "127.0.0.1:" + trackerPorts.get(i) + "#" + identities.get(i).id();
  }

  @AfterAll
  static void stopCluster() {
    controls.forEach(ControlClient::close);
    nodes.forEach(Node::close);
    trackers.forEach(TrackerServer::close);
  }

  @Test
  @Order(1)
  void everyTrackerSeesTheNodesRegisteredThroughTheOthers() {
    Eventually.await(
        "each tracker counts the three nodes",
        WAIT,
        () -> trackers.stream().allMatch(tracker -> tracker.networkSize() == 3));
    Set<String> inUse =
        controls.stream().map(control -> control.status().getTracker()).collect(Collectors.toSet());
    // Each node starts with its own tracker; a very slow start may move one on, but not all.
    assertTrue(inUse.size() >= 2, "trackers in use: " + inUse);
    for (int i = 0; i < NAMES.length; i++) {
      List<String> peers =
          controls.get(i).listPeers().getNodesList().stream()
              .map(NodeInfo::getNodeId)
              .sorted()
              .toList();
      assertEquals(
          nodes.stream().map(Node::id).sorted().toList(), peers, "peers listed by " + NAMES[i]);
    }
  }

  @Test
  @Order(2)
  void aSearchThroughAnyTrackerReachesTheNodesOfEveryTracker() {
    awaitIndexed();
    for (int i = 0; i < NAMES.length; i++) {
      Result result = search(controls.get(i), "cluster");
      assertEquals(
          List.of("cluster-alice.txt", "cluster-bob.txt", "cluster-carol.txt"),
          result.names(),
          "through tracker " + i);
      assertEquals(3, result.summary().getNodes(), result.summary()::toString);
      assertEquals(3, result.summary().getAnswered(), result.summary()::toString);
    }
  }

  @Test
  @Order(3)
  void aRoutedSearchAsksOnlyTheNodesThatMayMatchAndSeesNewFilesAtOnce() throws IOException {
    awaitIndexed();
    Eventually.await(
        "every tracker routes", WAIT, () -> trackers.stream().allMatch(TrackerServer::routing));
    Eventually.await(
        "the summaries reached the trackers",
        WAIT,
        () -> search(controls.get(0), "bob").summary().getNodes() == 1);
    Result result = search(controls.get(0), "bob");
    assertEquals(List.of("cluster-bob.txt"), result.names());
    assertEquals(1, result.summary().getNodes(), result.summary()::toString);
    SearchSummary atTracker = trackerSearch(2, "bob");
    assertEquals(1, atTracker.getNodes(), atTracker::toString);
    assertEquals(2, atTracker.getNotAsked(), atTracker::toString);
    assertEquals(3, search(controls.get(0), "clu").summary().getNodes(), "prefix of a shared word");

    Files.writeString(root.resolve("carol/share/fresh-report.txt"), "new");
    Eventually.await(
        "carol's new file found through alice's tracker",
        WAIT,
        () -> search(controls.get(0), "fresh").names().equals(List.of("fresh-report.txt")));
    Result fresh = search(controls.get(1), "fresh report");
    assertEquals(List.of("fresh-report.txt"), fresh.names());
    assertEquals(1, fresh.summary().getNodes(), fresh.summary()::toString);
  }

  @Test
  @Order(4)
  void onlyTrackersOfTheClusterMayRelayToATrackersOwnNodes() {
    Transport stranger = Transport.tls(Identity.generate());
    ManagedChannel channel =
        stranger.channel("127.0.0.1", trackerPorts.get(0), PeerPin.of(identities.get(0).id()));
    try {
      Iterator<SearchEvent> events =
          TrackerPeerGrpc.newBlockingStub(channel)
              .searchOwnNodes(SearchRequest.newBuilder().setQuery("cluster").build());
      StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, events::hasNext);
      assertEquals(Status.Code.PERMISSION_DENIED, refused.getStatus().getCode());
    } finally {
      Transport.close(channel);
    }
  }

  @Test
  @Order(5)
  void aTrackerOfAnIdentityThatIsNotPinnedNeverJoinsNorReachesTheRegistry() throws Exception {
    Identity stranger = Identity.generate();
    int port = Ports.free();
    int clusterPort = Ports.free();
    // The stranger lists the cluster's members and pins itself too: the members do not pin it.
    String members =
        IntStream.range(0, NAMES.length)
                .mapToObj(i -> "127.0.0.1:" + clusterPorts.get(i) + "#" + identities.get(i).id())
                .collect(Collectors.joining(","))
            + ",127.0.0.1:"
            + clusterPort
            + "#"
            + stranger.id();
    try (TrackerServer intruder =
            TrackerServer.start(
                new TrackerConfig(
                    "127.0.0.1", port, TrackerConfig.DEFAULT_NODE_TTL, TestSwarm.SEARCH_DEADLINE),
                Transport.tls(stranger),
                Optional.of(ClusterConfig.parse(clusterPort, members, "it")));
        Node mallory = startNode("mallory", "127.0.0.1:" + port + "#" + stranger.id())) {
      Eventually.await(
          "mallory registered with the intruder", WAIT, () -> intruder.networkSize() == 1);
      long end = System.nanoTime() + Duration.ofSeconds(6).toNanos();
      while (System.nanoTime() - end < 0) {
        assertEquals(1, intruder.clusterSize(), "the intruder's cluster");
        for (TrackerServer tracker : trackers) {
          assertEquals(3, tracker.clusterSize(), "a member's cluster");
          assertEquals(3, tracker.networkSize(), "a member's network");
        }
        Thread.sleep(200);
      }
      assertTrue(mallory.trackerConnected());
    }
  }

  @Test
  @Order(6)
  void aNodeWhoseTrackerStopsMovesToAnotherAndStaysFindable() {
    awaitIndexed();
    trackers.get(1).close();
    Eventually.await(
        "bob moved to another tracker",
        WAIT,
        () -> {
          var status = controls.get(1).status();
          return status.getTrackerConnected() && !status.getTracker().equals(trackerAddress(1));
        });
    assertNotEquals(trackerAddress(1), controls.get(1).status().getTracker());
    Eventually.await(
        "bob found again through alice's tracker",
        WAIT,
        () -> search(controls.get(0), "cluster").names().contains("cluster-bob.txt"));
    Result result = search(controls.get(2), "cluster");
    assertEquals(
        List.of("cluster-alice.txt", "cluster-bob.txt", "cluster-carol.txt"), result.names());
    assertEquals(3, result.summary().getNodes(), result.summary()::toString);
    assertTrue(result.summary().getNote().isEmpty(), result.summary()::toString);
  }

  /** The summary of a search sent straight to tracker {@code i}, by a client that is no node. */
  private static SearchSummary trackerSearch(int i, String query) {
    ManagedChannel channel =
        Transport.tls(Identity.generate())
            .channel("127.0.0.1", trackerPorts.get(i), PeerPin.of(identities.get(i).id()));
    try {
      Iterator<SearchEvent> events =
          TrackerGrpc.newBlockingStub(channel)
              .search(SearchRequest.newBuilder().setQuery(query).build());
      SearchEvent last = SearchEvent.getDefaultInstance();
      while (events.hasNext()) {
        last = events.next();
      }
      return last.getSummary();
    } finally {
      Transport.close(channel);
    }
  }

  private static void awaitIndexed() {
    Eventually.await(
        "every node indexed its files",
        WAIT,
        () -> controls.stream().allMatch(control -> control.status().getFilesIndexed() >= 1));
  }

  private record Result(List<String> names, SearchSummary summary) {}

  private static Result search(ControlClient control, String query) {
    List<String> names = new ArrayList<>();
    SearchSummary summary = SearchSummary.getDefaultInstance();
    Iterator<SearchEvent> events =
        control.search(SearchRequest.newBuilder().setQuery(query).build());
    while (events.hasNext()) {
      SearchEvent event = events.next();
      if (event.hasResults()) {
        event.getResults().getHitsList().forEach(hit -> names.add(hit.getName()));
      } else {
        summary = event.getSummary();
      }
    }
    return new Result(names.stream().sorted().toList(), summary);
  }
}
