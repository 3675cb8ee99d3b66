package io.diztl.bench;

import io.diztl.bench.Dist.NodeProc;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.StatusResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Whether hashing starves searches: the latency of searches through one node's control API while
 * the node hashes a big file that just appeared in its share, against the same searches while it is
 * idle, alternating run by run.
 */
final class HashSearchBench {

  /** The small files of the share, the searched one among them. */
  private static final int FILES = 2_000;

  private static final int WARMUP_SEARCHES = 50;

  private static final Duration SEARCHABLE_BOUND = Duration.ofMinutes(1);

  /** Idle searches measured per run (the hashing ones last as long as the hash). */
  private static final int IDLE_SEARCHES = 100;

  private final Plan plan;
  private final Dist dist;
  private final Path work;
  private final Report report;

  HashSearchBench(Plan plan, Dist dist, Path work, Report report) {
    this.plan = plan;
    this.dist = dist;
    this.work = work;
    this.report = report;
  }

  /**
   * Runs it with {@code bigFile} linked into the share once per run, under a new name each time.
   */
  void run(Path bigFile) {
    Path share = work.resolve("share");
    Path data = work.resolve("data");
    DataSets.delete(work);
    DataSets.manyFiles(share, FILES);
    List<Double> hashing = new ArrayList<>();
    List<Double> idle = new ArrayList<>();
    Proc proc = dist.startNodeWithTracker("hash-search", share, data, Dist.freePort());
    try (NodeProc node = dist.connect(proc, data)) {
      node.await("the small files hashed", Duration.ofMinutes(5), s -> s.getFilesHashed() == FILES);
      awaitFound(node);
      for (int i = 0; i < WARMUP_SEARCHES; i++) {
        search(node);
      }
      for (int run = 0; run < plan.runs(); run++) {
        for (int i = 0; i < IDLE_SEARCHES; i++) {
          idle.add(search(node));
        }
        hashing.addAll(searchesWhileHashing(node, share, bigFile, FILES + run));
      }
    }
    DataSets.delete(work);
    if (hashing.isEmpty()) {
      report.note(
          "Search while hashing: none measured, the "
              + plan.transferSize()
              + " file was hashed before a search could run.");
      return;
    }
    double p50 = Stats.median(hashing) / Stats.median(idle);
    double p95 = Stats.percentile(hashing, 95) / Stats.percentile(idle, 95);
    report.add(
        new Row(
            "search latency while the node hashes a " + plan.transferSize() + " file, median",
            "ms",
            hashing,
            "the same searches, node idle",
            idle,
            false,
            ">= 0.67x (at most 1.5x idle)",
            Row.met(p50 <= 1.5),
            1));
    report.note(
        "Search while hashing: one node (its own tracker) sharing "
            + FILES
            + " small files, searched through its control API for one of them (`"
            + DataSets.LAST_QUERY
            + "`, until the summary), back to back; while hashing = from the moment the node"
            + " indexed a "
            + plan.transferSize()
            + " file linked into its share until `status` reports it hashed; idle = "
            + IDLE_SEARCHES
            + " searches before each such run. p95 while hashing / idle: "
            + Stats.format(p95, 2)
            + "x; "
            + hashing.size()
            + " searches while hashing, "
            + idle.size()
            + " idle.");
  }

  /** Links the big file into the share and searches until the node has hashed it. */
  private List<Double> searchesWhileHashing(
      NodeProc node, Path share, Path bigFile, int hashedBefore) {
    long indexedBefore = node.control().status().getFilesIndexed();
    try {
      Files.createLink(share.resolve("big-" + hashedBefore + ".bin"), bigFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot link " + bigFile + " into " + share, e);
    }
    node.await(
        "the big file indexed", Duration.ofMinutes(1), s -> s.getFilesIndexed() > indexedBefore);
    List<Double> millis = new ArrayList<>();
    while (true) {
      double took = search(node);
      StatusResponse status = node.control().status();
      if (status.getFilesHashed() > hashedBefore) {
        return millis; // the last search may have ended after the hash: not counted
      }
      millis.add(took);
    }
  }

  /** Waits until a search finds the file: the node registered with its tracker and answers. */
  private static void awaitFound(NodeProc node) {
    long end = System.nanoTime() + SEARCHABLE_BOUND.toNanos();
    while (hits(node) == 0) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException(
            "expected a search to find " + DataSets.LAST_NAME + " within " + SEARCHABLE_BOUND);
      }
      Sleep.millis(100);
    }
  }

  /** One search for the last small file; its milliseconds, after checking it was found. */
  private static double search(NodeProc node) {
    long start = System.nanoTime();
    int hits = hits(node);
    double millis = (System.nanoTime() - start) / 1e6;
    if (hits == 0) {
      throw new IllegalStateException("expected a hit for " + DataSets.LAST_QUERY + ", found none");
    }
    return millis;
  }

  /** The hits of one search for the last small file, after its summary. */
  private static int hits(NodeProc node) {
    Iterator<SearchEvent> events =
        node.control().search(SearchRequest.newBuilder().setQuery(DataSets.LAST_QUERY).build());
    int hits = 0;
    boolean summary = false;
    while (events.hasNext()) {
      SearchEvent event = events.next();
      hits += event.hasResults() ? event.getResults().getHitsCount() : 0;
      summary |= event.hasSummary();
    }
    if (!summary) {
      throw new IllegalStateException("the search ended without a summary");
    }
    return hits;
  }
}
