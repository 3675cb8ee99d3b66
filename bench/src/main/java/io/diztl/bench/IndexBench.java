package io.diztl.bench;

import io.diztl.bench.Dist.NodeProc;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * First indexing of many small files by a node process, against a {@code find -printf} metadata
 * scan of the same folder; and the node's memory, idle and with those files indexed.
 */
final class IndexBench {

  private static final Pattern RECONCILE_RATE = Pattern.compile("Reconciled share .* \\((\\d+) files/s\\)");

  private final Plan plan;
  private final Dist dist;
  private final Path work;
  private final Report report;

  IndexBench(Plan plan, Dist dist, Path work, Report report) {
    this.plan = plan;
    this.dist = dist;
    this.work = work;
    this.report = report;
  }

  void run() {
    Path share = work.resolve("many");
    if (!Files.exists(share)) {
      DataSets.manyFiles(share, plan.files());
    }
    Optional<Path> find = Tools.find("find", "/usr/bin/find");
    List<String> scan =
        find.map(f -> List.of(f.toString(), share.toString(), "-type", "f", "-printf", "%s %T@ %p\\n"))
            .orElse(List.of());
    List<Double> ours = new ArrayList<>();
    List<Double> inProcess = new ArrayList<>();
    List<Double> theirs = new ArrayList<>();
    List<Double> rssIndexed = new ArrayList<>();
    List<Double> rssIdle = new ArrayList<>();
    if (!scan.isEmpty()) {
      Proc.timed(scan, Duration.ofMinutes(2));
    }
    for (int run = 0; run < plan.runs(); run++) {
      rssIdle.add(idleRss(run));
      Path data = work.resolve("index-data-" + run);
      long start = System.nanoTime();
      Proc proc = dist.startNodeWithTracker("index-" + run, share, data, Dist.freePort());
      try (NodeProc node = dist.connect(proc, data)) {
        node.await("all files indexed", Duration.ofMinutes(10), s -> s.getFilesIndexed() == plan.files());
        awaitFound(node);
        double seconds = (System.nanoTime() - start) / 1e9;
        ours.add(plan.files() / seconds);
        String rate = NodeLog.find(proc, RECONCILE_RATE);
        if (rate != null) {
          inProcess.add(Double.parseDouble(rate));
        }
        node.await("all files hashed", Duration.ofMinutes(10), s -> s.getFilesHashed() == plan.files());
        Sleep.millis(2_000);
        rssIndexed.add(proc.rssMib());
      }
      DataSets.delete(data);
      if (!scan.isEmpty()) {
        theirs.add(plan.files() / Proc.timed(scan, Duration.ofMinutes(2)));
      }
    }
    double ratio = theirs.isEmpty() ? Double.NaN : Stats.median(ours) / Stats.median(theirs);
    String files = String.format("%,d", plan.files());
    report.add(
        new Row(
            "first indexing of " + files + " files until all searchable",
            "files/s",
            ours,
            theirs.isEmpty() ? "n/a (find not installed)" : "`find -printf` metadata scan, warm",
            theirs,
            true,
            ">= 0.3x",
            Double.isNaN(ratio) ? "n/a" : Row.met(ratio >= 0.3),
            0));
    if (!inProcess.isEmpty()) {
      report.add(
          new Row(
              "  the same, reconcile alone (node's own log, no JVM start)",
              "files/s",
              inProcess,
              theirs.isEmpty() ? "" : "`find -printf` metadata scan, warm",
              theirs,
              true,
              "—",
              "n/a",
              0));
    }
    report.add(Row.alone("node memory (RSS), idle, empty share", "MiB", rssIdle, "—", "n/a", 0));
    report.add(
        Row.alone(
            "node memory (RSS) with " + files + " files indexed and hashed",
            "MiB",
            rssIndexed,
            "< 300 MB at 100k",
            Row.met(Stats.max(rssIndexed) * 1.048576 < 300),
            0));
    report.note(
        "Indexing: "
            + files
            + " files of a few bytes in "
            + Math.max(1, plan.files() / 100)
            + " folders, a fresh data folder each run; wall time from starting `diztl node` (JVM"
            + " start included) until `status` shows every file and a search through the node"
            + " finds the last one written. `find` runs warm, alternating with the node.");
    report.note(
        "Memory: VmRSS of the node process (the JVM settings of `bin/diztl`: a small initial heap"
            + " that grows only under GC pressure and gives memory back), idle = 3 s after start"
            + " with an empty share; indexed = 2 s after every file is indexed and hashed.");
  }

  private double idleRss(int run) {
    Path data = work.resolve("idle-data-" + run);
    Proc proc = dist.startNodeWithTracker("idle-" + run, work.resolve("idle-share"), data, Dist.freePort());
    try (NodeProc node = dist.connect(proc, data)) {
      node.status();
      Sleep.millis(3_000);
      return proc.rssMib();
    } finally {
      DataSets.delete(data);
    }
  }

  private static void awaitFound(NodeProc node) {
    long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < end) {
      Iterator<SearchEvent> events =
          node.control().search(SearchRequest.newBuilder().setQuery(DataSets.LAST_QUERY).build());
      boolean found = false;
      while (events.hasNext()) {
        SearchEvent event = events.next();
        if (event.hasResults()
            && event.getResults().getHitsList().stream()
                .anyMatch(hit -> hit.getName().equals(DataSets.LAST_NAME))) {
          found = true;
        }
      }
      if (found) {
        return;
      }
      Sleep.millis(10);
    }
    throw new IllegalStateException("search never found " + DataSets.LAST_NAME);
  }
}
