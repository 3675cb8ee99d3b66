package io.diztl.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.DiztlException;
import io.diztl.node.ControlClient;
import io.diztl.node.Node;
import io.diztl.node.NodeConfig;
import io.diztl.proto.Identity;
import io.diztl.proto.NetworkKey;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.SearchSummary;
import io.diztl.tracker.ClusterConfig;
import io.diztl.tracker.RoutingPolicy;
import io.diztl.tracker.TrackerConfig;
import io.diztl.tracker.TrackerServer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real trackers of a closed network form their cluster through the mutual TLS tunnel by
 * proving the network key (no identity is pinned), and nobody else gets in: a fourth tracker with
 * another key stays a cluster of its own and its registrations never reach the others, raw
 * Hazelcast bytes sent to a cluster port get nothing back, and a node without the key is refused by
 * every tracker.
 */
class ClusterKeyIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  /** How long a refused tracker or node is watched for a sign that it got in. */
  private static final Duration WATCH = Duration.ofSeconds(6);

  private static final String[] NAMES = {"alice", "bob", "carol"};

  @TempDir static Path root;
  private static final NetworkKey key = NetworkKey.generate();
  private static final List<Integer> trackerPorts = new ArrayList<>();
  private static final List<Integer> clusterPorts = new ArrayList<>();
  private static final List<Identity> identities = new ArrayList<>();
  private static final List<TrackerServer> trackers = new ArrayList<>();
  private static final List<Node> nodes = new ArrayList<>();
  private static final List<ControlClient> controls = new ArrayList<>();
  private static String members;

  @BeforeAll
  static void startCluster() throws Exception {
    for (int i = 0; i < NAMES.length; i++) {
      identities.add(Identity.generate());
      trackerPorts.add(Ports.free());
      clusterPorts.add(Ports.free());
    }
    members =
        clusterPorts.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
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
                    startTracker(
                        identities.get(n),
                        trackerPorts.get(n),
                        ClusterConfig.parse(clusterPorts.get(n), members, "it"),
                        key)));
      }
      for (Future<TrackerServer> tracker : started) {
        trackers.add(tracker.get());
      }
    }
    Eventually.await(
        "three keyed trackers in one cluster",
        WAIT,
        () -> trackers.stream().allMatch(tracker -> tracker.clusterSize() == 3));
    for (int i = 0; i < 2; i++) {
      nodes.add(startNode(NAMES[i], trackerAddress(i), Optional.of(key)));
      controls.add(ControlClient.connect(root.resolve(NAMES[i]).resolve("data")));
    }
    Eventually.await(
        "both nodes registered",
        WAIT,
        () -> trackers.stream().allMatch(tracker -> tracker.networkSize() == 2));
  }

  private static TrackerServer startTracker(
      Identity identity, int port, ClusterConfig cluster, NetworkKey networkKey) {
    return TrackerServer.start(
        new TrackerConfig(
            "127.0.0.1", port, TrackerConfig.DEFAULT_NODE_TTL, TestSwarm.SEARCH_DEADLINE),
        Transport.tls(identity),
        Optional.of(networkKey),
        new CompositeMeterRegistry(),
        Optional.of(cluster),
        RoutingPolicy.DEFAULT);
  }

  private static Node startNode(String name, String trackerList, Optional<NetworkKey> nodeKey)
      throws IOException {
    Path home = root.resolve(name);
    Path share = Files.createDirectories(home.resolve("share"));
    Files.writeString(share.resolve("keyed-" + name + ".txt"), name);
    return Node.start(
        new NodeConfig(
            share,
            home.resolve("downloads"),
            home.resolve("data"),
            "127.0.0.1",
            0,
            "127.0.0.1",
            trackerList,
            false),
        nodeKey,
        new CompositeMeterRegistry());
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
  void aSearchThroughOneKeyedTrackerReachesTheNodesOfAnother() {
    Eventually.await(
        "both nodes indexed their files",
        WAIT,
        () -> controls.stream().allMatch(control -> control.status().getFilesIndexed() >= 1));
    List<String> names = new ArrayList<>();
    SearchSummary summary = search(controls.get(0), "keyed", names);
    assertEquals(List.of("keyed-alice.txt", "keyed-bob.txt"), names.stream().sorted().toList());
    assertEquals(2, summary.getNodes(), summary::toString);
  }

  @Test
  void aTrackerWithAnotherKeyStaysAloneAndItsRegistrationsNeverReachTheCluster() throws Exception {
    NetworkKey otherKey = NetworkKey.generate();
    int port = Ports.free();
    int clusterPort = Ports.free();
    Identity identity = Identity.generate();
    try (TrackerServer intruder =
        startTracker(
            identity,
            port,
            ClusterConfig.parse(clusterPort, members + ",127.0.0.1:" + clusterPort, "it"),
            otherKey)) {
      Node mallory =
          startNode("mallory", "127.0.0.1:" + port + "#" + identity.id(), Optional.of(otherKey));
      try (mallory) {
        Eventually.await(
            "mallory registered with the intruder", WAIT, () -> intruder.networkSize() == 1);
        watchThat(
            "the intruder stays outside the cluster",
            () ->
                intruder.clusterSize() == 1
                    && intruder.networkSize() == 1
                    && trackers.stream()
                        .allMatch(
                            tracker -> tracker.clusterSize() == 3 && tracker.networkSize() == 2));
      }
    }
  }

  @Test
  void aTrackerWithoutAKeyOrPinsCannotStartAClusterOverTls() {
    DiztlException refused =
        assertThrows(
            DiztlException.class,
            () ->
                TrackerServer.start(
                    new TrackerConfig(
                        "127.0.0.1",
                        Ports.free(),
                        TrackerConfig.DEFAULT_NODE_TTL,
                        TestSwarm.SEARCH_DEADLINE),
                    Transport.tls(Identity.generate()),
                    Optional.of(ClusterConfig.parse(Ports.free(), members, "it"))));
    assertTrue(refused.getMessage().contains("HOST:PORT#FINGERPRINT"), refused.getMessage());
    trackers.forEach(tracker -> assertEquals(3, tracker.clusterSize()));
  }

  @Test
  void rawHazelcastBytesSentToAClusterPortGetNothingBack() throws IOException {
    for (int port : clusterPorts) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.setSoTimeout((int) WAIT.toMillis());
        try {
          // Hazelcast's member protocol header, then the start of a packet.
          socket.getOutputStream().write("HZC".getBytes(StandardCharsets.US_ASCII));
          socket.getOutputStream().write(new byte[] {4, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0});
          socket.getOutputStream().flush();
        } catch (IOException e) {
          // Closed before all was sent (a refusal): what it sent back, if anything, is still read.
        }
        byte[] answer = readToEnd(socket.getInputStream());
        String text = new String(answer, StandardCharsets.ISO_8859_1);
        assertFalse(text.contains("HZC"), "the cluster port answered in Hazelcast's protocol");
        // At most a TLS alert record (type 21) comes back, never application data.
        assertTrue(answer.length == 0 || answer[0] == 21, "answer of " + answer.length + " bytes");
      }
    }
    trackers.forEach(tracker -> assertEquals(3, tracker.clusterSize()));
  }

  @Test
  void aNodeWithoutTheKeyIsRefusedByEveryTracker() throws IOException {
    for (int i = 0; i < NAMES.length; i++) {
      try (Node stranger = startNode("stranger" + i, trackerAddress(i), Optional.empty());
          ControlClient control =
              ControlClient.connect(root.resolve("stranger" + i).resolve("data"))) {
        String[] note = {""};
        Eventually.await(
            "the stranger refused by tracker " + i,
            WAIT,
            () -> {
              try {
                note[0] = search(control, "keyed", new ArrayList<>()).getNote();
              } catch (DiztlException e) {
                note[0] = e.getMessage();
              }
              return note[0].contains("this network needs a network key");
            });
        assertFalse(stranger.trackerConnected(), note[0]);
        trackers.forEach(tracker -> assertEquals(2, tracker.networkSize()));
      }
    }
  }

  /** Checks {@code condition} over {@link #WATCH}: it must hold each time. */
  private static void watchThat(String what, BooleanSupplier condition)
      throws InterruptedException {
    long end = System.nanoTime() + WATCH.toNanos();
    while (System.nanoTime() - end < 0) {
      assertTrue(condition.getAsBoolean(), what);
      Thread.sleep(200);
    }
  }

  private static byte[] readToEnd(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        bytes.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the cluster port kept the connection open without a word", e);
    } catch (IOException e) {
      // A reset after the refusal: what came before is the answer.
    }
    return bytes.toByteArray();
  }

  private static SearchSummary search(ControlClient control, String query, List<String> names) {
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
    return summary;
  }
}
