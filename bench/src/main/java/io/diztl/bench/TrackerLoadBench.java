package io.diztl.bench;

import io.diztl.proto.Transport;
import io.grpc.ManagedChannel;
import java.util.ArrayList;
import java.util.List;

/** A tracker process with thousands of registered nodes heart-beating: its CPU and memory. */
final class TrackerLoadBench {

  private final Plan plan;
  private final Dist dist;
  private final Report report;

  TrackerLoadBench(Plan plan, Dist dist, Report report) {
    this.plan = plan;
    this.dist = dist;
    this.report = report;
  }

  void run() {
    int port = Dist.freePort();
    Proc tracker = dist.startTracker("load-tracker", port);
    ManagedChannel channel = Transport.plaintext().channel("127.0.0.1", port, id -> {});
    List<Double> cpu = new ArrayList<>();
    List<Double> rss = new ArrayList<>();
    List<Double> idleCpu = new ArrayList<>();
    List<Double> idleRss = new ArrayList<>();
    long failures;
    try (FakePeers peers = new FakePeers(channel)) {
      SearchBench.awaitTracker(tracker, channel);
      Sleep.millis(2_000);
      idleCpu.add(cpuPercent(tracker, plan.trackerWindowSeconds()));
      idleRss.add(tracker.rssMib());
      int unused = Dist.freePort();
      for (int i = 0; i < plan.trackerNodes(); i++) {
        peers.register(unused);
      }
      SearchBench.awaitPeers(channel, plan.trackerNodes());
      Sleep.millis(2_000);
      for (int run = 0; run < plan.runs(); run++) {
        cpu.add(cpuPercent(tracker, plan.trackerWindowSeconds()));
        rss.add(tracker.rssMib());
      }
      SearchBench.awaitPeers(channel, plan.trackerNodes());
      failures = peers.heartbeatFailures();
    } finally {
      Transport.close(channel);
      tracker.close();
    }
    String nodes = String.format("%,d", plan.trackerNodes());
    report.add(
        new Row(
            "tracker with " + nodes + " registered nodes heart-beating: CPU (% of one core)",
            "%",
            cpu,
            "the same tracker idle: " + Stats.summary(idleCpu, 1) + " %",
            List.of(),
            false,
            "stays under one core",
            Row.met(Stats.max(cpu) < 100),
            1));
    report.add(
        new Row(
            "tracker with " + nodes + " registered nodes heart-beating: RSS",
            "MiB",
            rss,
            "the same tracker idle: " + Stats.summary(idleRss, 0) + " MiB",
            List.of(),
            false,
            "—",
            "n/a",
            0));
    report.note(
        "Tracker load: a `diztl tracker` process; the harness registers "
            + nodes
            + " node ids and sends each a heartbeat at the interval the tracker asks for (spread"
            + " over 100 ms ticks). CPU = utime+stime from /proc/PID/stat over "
            + plan.trackerWindowSeconds()
            + " s windows; every node was still live at the end ("
            + failures
            + " heartbeats failed).");
  }

  private static double cpuPercent(Proc proc, int seconds) {
    double before = proc.cpuSeconds();
    long start = System.nanoTime();
    Sleep.millis(seconds * 1000L);
    double wall = (System.nanoTime() - start) / 1e9;
    return (proc.cpuSeconds() - before) / wall * 100;
  }
}
