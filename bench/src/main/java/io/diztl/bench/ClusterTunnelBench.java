package io.diztl.bench;

import io.diztl.proto.Identity;
import io.diztl.proto.Transport;
import io.diztl.tracker.ClusterConfig;
import io.diztl.tracker.internal.HazelcastCluster;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The cost of the cluster's mutual TLS tunnel: three Hazelcast members of trackers in this JVM on
 * loopback, in plain text (no tunnel) and behind the tunnel (pinned identities), alternating
 * rounds. Measures how long the three take to form one cluster, and how long one member's update of
 * the trackers map takes to reach another member's listener (the path every registration takes).
 * Prints Markdown rows for BENCHMARKS.md.
 *
 * <pre>java -cp bench/target/classes:$(cat bench/target/classpath.txt) \
 *     io.diztl.bench.ClusterTunnelBench [ROUNDS] [UPDATES]</pre>
 */
public final class ClusterTunnelBench {

  private static final int MEMBERS = 3;

  private ClusterTunnelBench() {}

  /** Runs the benchmark; arguments: rounds of each mode (3) and updates per round (300). */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int updates = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    List<Long> formedPlain = new ArrayList<>();
    List<Long> formedTunnel = new ArrayList<>();
    List<Long> latencyPlain = new ArrayList<>();
    List<Long> latencyTunnel = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      for (boolean tunnel : new boolean[] {false, true}) {
        List<Identity> identities = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
          identities.add(Identity.generate());
          ports.add(Dist.freePort());
        }
        String members =
            IntStream.range(0, MEMBERS)
                .mapToObj(
                    i -> "127.0.0.1:" + ports.get(i) + (tunnel ? "#" + identities.get(i).id() : ""))
                .collect(Collectors.joining(","));
        long start = System.nanoTime();
        List<HazelcastCluster> cluster = new ArrayList<>();
        // Platform threads: a starting Hazelcast member loads many classes, which pins the carriers
        // of
        // virtual threads and can deadlock them on a machine of two cores.
        try (ExecutorService starting =
            Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().factory())) {
          List<Future<HazelcastCluster>> started = new ArrayList<>();
          for (int i = 0; i < MEMBERS; i++) {
            int n = i;
            Transport transport = tunnel ? Transport.tls(identities.get(n)) : Transport.plaintext();
            started.add(
                starting.submit(
                    () ->
                        HazelcastCluster.start(
                            ClusterConfig.parse(ports.get(n), members, "bench"),
                            "127.0.0.1",
                            transport,
                            Optional.empty())));
          }
          for (Future<HazelcastCluster> member : started) {
            cluster.add(member.get());
          }
        }
        try {
          while (cluster.stream().anyMatch(member -> member.size() < MEMBERS)) {
            Sleep.millis(10);
          }
          (tunnel ? formedTunnel : formedPlain)
              .add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
          String id = tunnel ? identities.get(0).id() : "";
          for (int i = 0; i < updates; i++) {
            int port = 20_000 + round * updates + i;
            long sent = System.nanoTime();
            cluster.get(0).publishTracker(port, tunnel ? Optional.of(id) : Optional.empty());
            while (cluster.get(1).otherTrackers().stream().noneMatch(peer -> peer.port() == port)) {
              Thread.onSpinWait();
            }
            (tunnel ? latencyTunnel : latencyPlain).add(System.nanoTime() - sent);
          }
        } finally {
          cluster.forEach(HazelcastCluster::close);
        }
      }
    }
    System.out.printf(
        "| cluster of 3 formed, median of %d rounds | %d ms | %d ms | %.2f |%n",
        rounds,
        median(formedPlain),
        median(formedTunnel),
        (double) median(formedTunnel) / median(formedPlain));
    for (int pct : new int[] {50, 99}) {
      long plain = percentile(latencyPlain, pct);
      long tunnel = percentile(latencyTunnel, pct);
      System.out.printf(
          "| trackers-map update seen by another member, p%d of %d | %.2f ms | %.2f ms | %.2f |%n",
          pct, latencyPlain.size(), plain / 1e6, tunnel / 1e6, (double) tunnel / plain);
    }
    System.exit(0);
  }

  private static long median(List<Long> values) {
    return percentile(values, 50);
  }

  private static long percentile(List<Long> values, int pct) {
    long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(pct / 100.0 * sorted.length) - 1)];
  }
}
