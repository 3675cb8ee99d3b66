package io.diztl.bench;

import io.diztl.bench.Dist.NodeProc;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Creates files one by one in node A's share and times each until node B's search (through the
 * tracker) shows it.
 */
final class VisibilityBench {

  private static final Duration BOUND = Duration.ofSeconds(10);

  private final Plan plan;
  private final Dist dist;
  private final Path work;
  private final Report report;

  VisibilityBench(Plan plan, Dist dist, Path work, Report report) {
    this.plan = plan;
    this.dist = dist;
    this.work = work;
    this.report = report;
  }

  void run() {
    Path shareA = work.resolve("vis-a-share");
    Path dataA = work.resolve("vis-a-data");
    Path dataB = work.resolve("vis-b-data");
    int trackerPort = Dist.freePort();
    List<Double> p50 = new ArrayList<>();
    List<Double> p99 = new ArrayList<>();
    List<Double> max = new ArrayList<>();
    try (NodeProc a =
            dist.connect(dist.startNodeWithTracker("vis-a", shareA, dataA, trackerPort), dataA);
        NodeProc b =
            dist.connect(
                dist.startNode("vis-b", work.resolve("vis-b-share"), dataB, trackerPort), dataB)) {
      b.await("both nodes online", Duration.ofMinutes(1), s -> s.getPeersOnline() == 2);
      a.status();
      // A few files, not counted, warm both JVMs.
      for (int i = 0; i < 5; i++) {
        sample(b, shareA, "warm" + letters(i));
      }
      for (int run = 0; run < plan.runs(); run++) {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < plan.visibilitySamples(); i++) {
          millis.add(sample(b, shareA, "probe" + letters(run * 10_000 + i)));
        }
        p50.add(Stats.percentile(millis, 50));
        p99.add(Stats.percentile(millis, 99));
        max.add(Stats.max(millis));
      }
    }
    String per = plan.visibilitySamples() + " files";
    report.add(
        Row.alone("file created in A's share -> visible in B's search: p50 over " + per, "ms", p50, "—", "n/a", 0));
    report.add(
        Row.alone(
            "file created in A's share -> visible in B's search: p99 over " + per,
            "ms",
            p99,
            "p99 < 300 ms",
            Row.met(Stats.max(p99) < 300),
            0));
    report.note(
        "Visibility: two node processes (A runs the tracker); the harness writes a file into A's"
            + " share and searches through B's control API every 10 ms until the hit comes back,"
            + " one file at a time. Includes the watcher's quiet period, which waits for a file to"
            + " stop changing: 30 ms for a file written at once, up to 200 ms for one written over a"
            + " while (200 ms for every file before 2026-12-01). Worst single file per run: "
            + Stats.summary(max, 0)
            + " ms.");
  }

  /** Writes one file and returns the milliseconds until B finds it. */
  private double sample(NodeProc b, Path share, String token) {
    String name = token + ".txt";
    long start = System.nanoTime();
    try {
      Files.writeString(share.resolve(name), token);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long end = start + BOUND.toNanos();
    while (System.nanoTime() < end) {
      if (found(b, token, name)) {
        return (System.nanoTime() - start) / 1e6;
      }
      Sleep.millis(10);
    }
    throw new IllegalStateException(name + " not visible in B's search within " + BOUND);
  }

  private static boolean found(NodeProc b, String token, String name) {
    Iterator<SearchEvent> events =
        b.control().search(SearchRequest.newBuilder().setQuery(token).build());
    boolean found = false;
    while (events.hasNext()) {
      SearchEvent event = events.next();
      if (event.hasResults()
          && event.getResults().getHitsList().stream().anyMatch(hit -> hit.getName().equals(name))) {
        found = true;
      }
    }
    return found;
  }

  /** {@code n} written with the letters a-z, five of them, so that no name is a prefix of another. */
  static String letters(int n) {
    char[] chars = new char[5];
    int rest = n;
    for (int i = chars.length - 1; i >= 0; i--) {
      chars[i] = (char) ('a' + rest % 26);
      rest /= 26;
    }
    return new String(chars);
  }
}
