package io.diztl.bench;

import com.google.protobuf.ByteString;
import io.diztl.index.RoutingKeys;
import io.diztl.node.ControlClient;
import io.diztl.node.Node;
import io.diztl.node.NodeConfig;
import io.diztl.proto.ShareSummary;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.PublishSummaryRequest;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.SearchSummary;
import io.diztl.proto.v1.TrackerGrpc;
import io.diztl.proto.v1.TrackerRoutingGrpc;
import io.diztl.tracker.ClusterConfig;
import io.diztl.tracker.RoutingPolicy;
import io.diztl.tracker.TrackerConfig;
import io.diztl.tracker.TrackerLimits;
import io.diztl.tracker.TrackerServer;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Three trackers in one Hazelcast cluster in this JVM (plain text, loopback): searches over 10,000
 * registered nodes with routing, against broadcast in the same run; then the failover of real nodes
 * when one tracker stops. Prints Markdown rows for BENCHMARKS.md.
 *
 * <pre>java -Xmx3g -cp bench/target/classes:$(cat bench/target/classpath.txt) \
 *     io.diztl.bench.ClusterBench [NODES] [SEARCHES]</pre>
 */
public final class ClusterBench {

  private static final int TRACKERS = 3;
  private static final int HOLDERS = 10;
  private static final int WORDS_PER_NODE = 200;
  private static final String WORD = "zebra";

  private final List<TrackerServer> trackers = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();

  private ClusterBench() {}

  /** Runs the benchmark; arguments: node count (10,000) and searches (200). */
  public static void main(String[] args) throws Exception {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int searches = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    Path root = Files.createTempDirectory("diztl-cluster-bench");
    ClusterBench bench = new ClusterBench();
    try {
      long formed = bench.startCluster(RoutingPolicy.DEFAULT);
      System.out.printf(
          "| 3-tracker cluster formed (in one JVM, loopback) | %.1f s |%n", formed / 1e3);
      bench.routedSearches(nodes, searches);
      bench.closeTrackers();
      bench.startCluster(new RoutingPolicy(1));
      bench.failover(root, 15);
    } finally {
      bench.closeTrackers();
    }
    System.exit(0);
  }

  private long startCluster(RoutingPolicy routing) throws Exception {
    ports.clear();
    List<Integer> clusterPorts = new ArrayList<>();
    for (int i = 0; i < TRACKERS; i++) {
      ports.add(Dist.freePort());
      clusterPorts.add(Dist.freePort());
    }
    String members =
        clusterPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    long start = System.nanoTime();
    try (ExecutorService starting = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<TrackerServer>> started = new ArrayList<>();
      for (int i = 0; i < TRACKERS; i++) {
        int n = i;
        started.add(
            starting.submit(
                () ->
                    TrackerServer.start(
                        new TrackerConfig(
                            "127.0.0.1",
                            ports.get(n),
                            TrackerConfig.DEFAULT_NODE_TTL,
                            TrackerConfig.DEFAULT_SEARCH_DEADLINE,
                            new TrackerLimits(50_000, 50_000, 64, 1)),
                        Transport.plaintext(),
                        Optional.of(ClusterConfig.parse(clusterPorts.get(n), members, "bench")),
                        routing)));
      }
      for (Future<TrackerServer> tracker : started) {
        trackers.add(tracker.get());
      }
    }
    while (trackers.stream().anyMatch(t -> t.clusterSize() < TRACKERS)) {
      Sleep.millis(50);
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  private void closeTrackers() {
    trackers.forEach(TrackerServer::close);
    trackers.clear();
  }

  private ManagedChannel channel(int tracker) {
    return Transport.plaintext().channel("127.0.0.1", ports.get(tracker), id -> {});
  }

  private void routedSearches(int nodes, int searches) {
    List<ManagedChannel> channels = IntStream.range(0, TRACKERS).mapToObj(this::channel).toList();
    List<FakePeers> peers = channels.stream().map(FakePeers::new).toList();
    Random random = new Random(42);
    try {
      long heapBefore = usedHeap();
      double cpuBefore = cpuSeconds();
      long started = System.nanoTime();
      int dead = Dist.freePort();
      for (int i = 0; i < HOLDERS; i++) {
        int t = i % TRACKERS;
        NodeInfo holder = peers.get(t).serve();
        publish(channels.get(t), holder, summary(random, true));
      }
      for (int i = HOLDERS; i < nodes; i++) {
        int t = i % TRACKERS;
        NodeInfo node = peers.get(t).register(dead);
        publish(channels.get(t), node, summary(random, false));
      }
      double registerSeconds = (System.nanoTime() - started) / 1e9;
      while (trackers.stream().anyMatch(t -> t.networkSize() < nodes || !t.routing())) {
        Sleep.millis(200);
      }
      Sleep.millis(3_000);
      long heapAfter = usedHeap();
      double cpuIdleStart = cpuSeconds();
      long idleStart = System.nanoTime();
      Sleep.millis(10_000);
      double heartbeatCpu =
          (cpuSeconds() - cpuIdleStart) / ((System.nanoTime() - idleStart) / 1e9) * 100;

      List<Double> millis = new ArrayList<>();
      List<Double> asked = new ArrayList<>();
      int wrongHits = 0;
      for (int i = 0; i < 20 + searches; i++) {
        int t = i % TRACKERS;
        long start = System.nanoTime();
        Result result = search(channels.get(t), WORD);
        double took = (System.nanoTime() - start) / 1e6;
        if (i >= 20) {
          millis.add(took);
          asked.add((double) result.summary().getNodes());
          if (result.hits() != HOLDERS) {
            wrongHits++;
          }
        }
      }
      List<Double> broadcast = new ArrayList<>();
      int broadcastNodes = 0;
      for (int i = 0; i < 3; i++) {
        long start = System.nanoTime();
        Result result = search(channels.get(i % TRACKERS), "size>0");
        broadcast.add((System.nanoTime() - start) / 1e6);
        broadcastNodes = result.summary().getNodes();
      }
      System.out.printf(
          "| %,d nodes over 3 trackers, search for a word %d nodes share: p50 / p99 | %.1f / %.1f"
              + " ms | broadcast (a query routing cannot judge) to %,d nodes: median %.0f ms |%n",
          nodes,
          HOLDERS,
          Stats.percentile(millis, 50),
          Stats.percentile(millis, 99),
          broadcastNodes,
          Stats.median(broadcast));
      System.out.printf(
          "| nodes asked per search (holders %d) | median %.0f, max %.0f (false positives %.2f%% of"
              + " the %,d others); searches missing a holder's hit: %d of %d |%n",
          HOLDERS,
          Stats.median(asked),
          Stats.max(asked),
          (Stats.median(asked) - HOLDERS) * 100.0 / (nodes - HOLDERS),
          nodes - HOLDERS,
          wrongHits,
          searches);
      System.out.printf(
          "| registry memory per node (3 trackers + simulated nodes, one JVM, heap after GC) | %.1f"
              + " KiB | %,d nodes registered with summaries in %.1f s |%n",
          (heapAfter - heapBefore) / 1024.0 / nodes, nodes, registerSeconds);
      System.out.printf(
          "| heartbeats of %,d nodes: CPU of the whole JVM (3 trackers + the simulated nodes) |"
              + " %.0f %% of one core |%n",
          nodes, heartbeatCpu);
    } finally {
      peers.forEach(FakePeers::close);
      channels.forEach(Transport::close);
    }
  }

  private static ByteString summary(Random random, boolean holder) {
    List<String> words = new ArrayList<>();
    for (int i = 0; i < WORDS_PER_NODE; i++) {
      words.add("w" + random.nextInt(50_000));
    }
    if (holder) {
      words.add(WORD);
    }
    Set<String> keys = new HashSet<>();
    RoutingKeys.ofShare(words, keys::add);
    return ShareSummary.of(keys).toByteString();
  }

  private static void publish(ManagedChannel channel, NodeInfo node, ByteString summary) {
    TrackerRoutingGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .publishSummary(
            PublishSummaryRequest.newBuilder()
                .setNodeId(node.getNodeId())
                .setSummary(summary)
                .build());
  }

  private record Result(int hits, SearchSummary summary) {}

  private static Result search(ManagedChannel channel, String query) {
    Iterator<SearchEvent> events =
        TrackerGrpc.newBlockingStub(channel)
            .withDeadlineAfter(60, TimeUnit.SECONDS)
            .search(SearchRequest.newBuilder().setQuery(query).build());
    int hits = 0;
    SearchSummary summary = SearchSummary.getDefaultInstance();
    while (events.hasNext()) {
      SearchEvent event = events.next();
      if (event.hasResults()) {
        hits += event.getResults().getHitsCount();
      } else {
        summary = event.getSummary();
      }
    }
    return new Result(hits, summary);
  }

  /** Real nodes, each listing the three trackers (its own first); one tracker stops. */
  private void failover(Path root, int count) throws IOException {
    List<Node> nodes = new ArrayList<>();
    List<ControlClient> controls = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        Path home = root.resolve("node" + i);
        Path share = Files.createDirectories(home.resolve("share"));
        Files.writeString(share.resolve("file" + i + ".txt"), "x");
        int own = i % TRACKERS;
        String list =
            IntStream.range(0, TRACKERS)
                .mapToObj(k -> "127.0.0.1:" + ports.get((own + k) % TRACKERS))
                .collect(Collectors.joining(","));
        NodeConfig config =
            new NodeConfig(
                    share,
                    home.resolve("dl"),
                    home.resolve("data"),
                    "127.0.0.1",
                    0,
                    "127.0.0.1",
                    list,
                    false)
                .withInsecure(true);
        nodes.add(Node.start(config));
        controls.add(ControlClient.connect(home.resolve("data")));
      }
      while (trackers.getFirst().networkSize() < count) {
        Sleep.millis(100);
      }
      propagation(nodes.get(0), controls.get(1), root.resolve("node0/share"));
      String killed = "127.0.0.1:" + ports.get(1);
      ManagedChannel survivor = channel(0);
      int failedSearches = 0;
      int partialSearches = 0;
      int searches = 0;
      long stopped = System.nanoTime();
      trackers.get(1).close();
      double movedSeconds = 0;
      while (true) {
        boolean allMoved =
            controls.stream()
                .allMatch(
                    c -> {
                      var status = c.status();
                      return status.getTrackerConnected() && !status.getTracker().equals(killed);
                    });
        if (allMoved && movedSeconds == 0) {
          movedSeconds = (System.nanoTime() - stopped) / 1e9;
        }
        try {
          searches++;
          if (search(survivor, "file").summary().getNodes() < count) {
            partialSearches++;
          }
        } catch (StatusRuntimeException e) {
          failedSearches++;
        }
        if (movedSeconds > 0 || System.nanoTime() - stopped > Duration.ofSeconds(60).toNanos()) {
          break;
        }
        Sleep.millis(200);
      }
      Sleep.millis(1_000);
      int registered = trackers.getFirst().networkSize();
      System.out.printf(
          "| failover: one of 3 trackers stops, until its %d of %d real nodes are registered with"
              + " another | %.1f s | searches through a surviving tracker meanwhile: %d, failed %d,"
              + " missing nodes %d; registered afterwards: %d of %d |%n",
          count / TRACKERS,
          count,
          movedSeconds,
          searches,
          failedSearches,
          partialSearches,
          registered,
          count);
      Transport.close(survivor);
    } finally {
      controls.forEach(ControlClient::close);
      nodes.forEach(Node::close);
    }
  }

  /**
   * With routing on, how long a new file takes from being written until a search through another
   * tracker finds it (the watcher, the index, the new summary and the search together).
   */
  private static void propagation(Node writer, ControlClient searcher, Path share)
      throws IOException {
    while (!writer.trackerConnected()) {
      Sleep.millis(50);
    }
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String word = "fresh" + i + "q";
      long start = System.nanoTime();
      Files.writeString(share.resolve(word + ".txt"), "new");
      while (!found(searcher, word)) {
        Sleep.millis(10);
      }
      millis.add((System.nanoTime() - start) / 1e6);
    }
    System.out.printf(
        "| live propagation with routing on: a new file written until a search through another"
            + " tracker finds it, p50 / p99 | %.0f / %.0f ms | 20 files, 15 real nodes |%n",
        Stats.percentile(millis, 50), Stats.percentile(millis, 99));
  }

  private static boolean found(ControlClient control, String word) {
    Iterator<SearchEvent> events =
        control.search(SearchRequest.newBuilder().setQuery(word).build());
    boolean hit = false;
    while (events.hasNext()) {
      hit |= events.next().hasResults();
    }
    return hit;
  }

  private static long usedHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Sleep.millis(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static double cpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1e9;
  }
}
