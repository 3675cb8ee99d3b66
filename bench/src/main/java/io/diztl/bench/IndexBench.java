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
 * scan of the same folder: until every file is searchable, and until every file is hashed too; and
 * the node's memory, idle and with those files indexed.
 */
final class IndexBench {

  private static final Pattern RECONCILE_RATE =
      Pattern.compile("Reconciled share .* \\((\\d+) files/s\\)");

  /** Files of the large share ({@code index1m}), indexed once per run. */
  static final int LARGE_SHARE = 1_000_000;

  private final int files;
  private final int runs;
  private final boolean large;
  private final Dist dist;
  private final Path work;
  private final Report report;

  /** The {@code index} phase: the plan's share, the plan's runs. */
  IndexBench(Plan plan, Dist dist, Path work, Report report) {
    this(plan.files(), plan.runs(), false, dist, work, report);
  }

  private IndexBench(int files, int runs, boolean large, Dist dist, Path work, Report report) {
    this.files = files;
    this.runs = runs;
    this.large = large;
    this.dist = dist;
    this.work = work;
    this.report = report;
  }

  /** The {@code index1m} phase: a share of a million files (the plan's when quick), one run. */
  static IndexBench largeShare(Plan plan, Dist dist, Path work, Report report) {
    return new IndexBench(plan.quick() ? plan.files() : LARGE_SHARE, 1, true, dist, work, report);
  }

  void run() {
    Path share = work.resolve("many");
    if (!Files.exists(share)) {
      DataSets.manyFiles(share, files);
    }
    Optional<Path> find = Tools.find("find", "/usr/bin/find");
    List<String> scan =
        find.map(
                f ->
                    List.of(
                        f.toString(), share.toString(), "-type", "f", "-printf", "%s %T@ %p\\n"))
            .orElse(List.of());
    List<Double> ours = new ArrayList<>();
    List<Double> inProcess = new ArrayList<>();
    List<Double> theirs = new ArrayList<>();
    List<Double> hashed = new ArrayList<>();
    List<Double> cpuPerFile = new ArrayList<>();
    List<Double> extracted = new ArrayList<>();
    List<Double> cpuPerFileExtracted = new ArrayList<>();
    List<Double> rssIndexed = new ArrayList<>();
    List<Double> rssIdle = new ArrayList<>();
    if (!scan.isEmpty()) {
      Proc.timed(scan, Duration.ofMinutes(2));
    }
    Duration bound = Duration.ofMinutes(10L * Math.max(1, files / 100_000));
    for (int run = 0; run < runs; run++) {
      if (!large) {
        rssIdle.add(idleRss(run));
      }
      Path data = work.resolve("index-data-" + run);
      long start = System.nanoTime();
      Proc proc = dist.startNodeWithTracker("index-" + run, share, data, Dist.freePort());
      try (NodeProc node = dist.connect(proc, data)) {
        node.await("all files indexed", bound, s -> s.getFilesIndexed() == files);
        awaitFound(node);
        double seconds = (System.nanoTime() - start) / 1e9;
        ours.add(files / seconds);
        String rate = NodeLog.find(proc, RECONCILE_RATE);
        if (rate != null) {
          inProcess.add(Double.parseDouble(rate));
        }
        node.await("all files hashed", bound, s -> s.getFilesHashed() == files);
        hashed.add(files / ((System.nanoTime() - start) / 1e9));
        cpuPerFile.add(proc.cpuSeconds() * 1e6 / files);
        node.await(
            "all metadata extracted",
            bound,
            s -> !s.getScanning() && s.getFilesAwaitingMetadata() == 0);
        extracted.add(files / ((System.nanoTime() - start) / 1e9));
        cpuPerFileExtracted.add(proc.cpuSeconds() * 1e6 / files);
        Sleep.millis(2_000);
        rssIndexed.add(proc.rssMib());
      }
      DataSets.delete(data);
      if (!scan.isEmpty()) {
        theirs.add(files / Proc.timed(scan, Duration.ofMinutes(2)));
      }
    }
    double ratio = theirs.isEmpty() ? Double.NaN : Stats.median(ours) / Stats.median(theirs);
    String count = String.format("%,d", files);
    report.add(
        new Row(
            "first indexing of " + count + " files until all searchable",
            "files/s",
            ours,
            theirs.isEmpty() ? "n/a (find not installed)" : "`find -printf` metadata scan, warm",
            theirs,
            true,
            large ? "—" : ">= 0.3x",
            Double.isNaN(ratio) || large ? "n/a" : Row.met(ratio >= 0.3),
            0));
    if (!inProcess.isEmpty()) {
      report.add(
          besideFind(
              "  the same, reconcile alone (node's own log, no JVM start)",
              inProcess,
              theirs,
              "—",
              "n/a"));
    }
    double allHashed = Stats.median(hashed);
    report.add(
        besideFind(
            "  the same until all hashed too (JVM start included)",
            hashed,
            theirs,
            large ? "< 60 s (>= 16,667 files/s)" : "—",
            large ? Row.met(files / allHashed < 60) : "n/a"));
    report.add(
        Row.alone(
            "  node CPU time per file, start to all hashed (lower is better)",
            "us",
            cpuPerFile,
            "—",
            "n/a",
            1));
    report.add(
        besideFind(
            "  the same until every file's metadata is extracted too (the plugins' extractors)",
            extracted,
            theirs,
            "—",
            "n/a"));
    report.add(
        Row.alone(
            "  node CPU time per file, start to all hashed and extracted (lower is better)",
            "us",
            cpuPerFileExtracted,
            "—",
            "n/a",
            1));
    if (!large) {
      report.add(Row.alone("node memory (RSS), idle, empty share", "MiB", rssIdle, "—", "n/a", 0));
    }
    int rssTarget = large ? 500 : 300;
    report.add(
        Row.alone(
            "node memory (RSS) with " + count + " files indexed and hashed",
            "MiB",
            rssIndexed,
            "< " + rssTarget + " MB",
            Row.met(Stats.max(rssIndexed) * 1.048576 < rssTarget),
            0));
    if (large) {
      return; // the notes of the index phase describe this one too
    }
    report.note(
        "Indexing: "
            + count
            + " files of a few bytes in "
            + Math.max(1, files / 100)
            + " folders, a fresh data folder each run; wall time from starting `diztl node` (JVM"
            + " start included) until `status` shows every file and a search through the node"
            + " finds the last one written, until `status` shows every file hashed, and until it"
            + " shows no scan and no file awaiting metadata (the distribution's plugins extract"
            + " the text of `.txt` files). In a full run every node starts with the node's"
            + " ahead-of-time cache, recorded before the first phase (Java 25+, `bin/aot-cache`;"
            + " a node's very first start runs without it and costs about 40% more CPU per file:"
            + " bench/HISTORY.md, 2026-12-02). `find`"
            + " runs warm, alternating with the node. `bench/run.sh --only index1m` does the same"
            + " with "
            + String.format("%,d", LARGE_SHARE)
            + " files (one run, no idle figure); the full run leaves it out.");
    report.note(
        "Memory: VmRSS of the node process (the JVM settings of `bin/diztl`: a small initial heap"
            + " that grows only under GC pressure and gives memory back), idle = 3 s after start"
            + " with an empty share; indexed = 2 s after every file is indexed and hashed.");
  }

  private double idleRss(int run) {
    Path data = work.resolve("idle-data-" + run);
    Proc proc =
        dist.startNodeWithTracker("idle-" + run, work.resolve("idle-share"), data, Dist.freePort());
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

  /** A row of files per second beside {@code find}'s in the same run. */
  private static Row besideFind(
      String figure, List<Double> ours, List<Double> theirs, String target, String met) {
    return new Row(
        figure,
        "files/s",
        ours,
        theirs.isEmpty() ? "" : "`find -printf` metadata scan, warm",
        theirs,
        true,
        target,
        met,
        0);
  }
}
