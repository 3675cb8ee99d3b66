package io.diztl.bench;

import io.diztl.bench.Dist.NodeProc;
import io.diztl.node.ControlClient;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.WatchEvent;
import io.diztl.proto.v1.WatchRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Creates files one by one in node A's share and times each until node B's standing query pushes
 * it, beside the reference of B polling with searches (the visibility phase).
 */
final class StandingQueryBench {

  private static final Duration BOUND = Duration.ofSeconds(10);

  private final Plan plan;
  private final Dist dist;
  private final Path work;
  private final Report report;

  StandingQueryBench(Plan plan, Dist dist, Path work, Report report) {
    this.plan = plan;
    this.dist = dist;
    this.work = work;
    this.report = report;
  }

  void run() {
    try {
      measure();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private void measure() throws InterruptedException {
    Path shareA = work.resolve("sq-a-share");
    Path dataA = work.resolve("sq-a-data");
    Path dataB = work.resolve("sq-b-data");
    int trackerPort = Dist.freePort();
    List<Double> p50 = new ArrayList<>();
    List<Double> p99 = new ArrayList<>();
    List<Double> max = new ArrayList<>();
    try (NodeProc a =
            dist.connect(dist.startNodeWithTracker("sq-a", shareA, dataA, trackerPort), dataA);
        NodeProc b =
            dist.connect(
                dist.startNode("sq-b", work.resolve("sq-b-share"), dataB, trackerPort), dataB)) {
      b.await("both nodes online", Duration.ofMinutes(1), s -> s.getPeersOnline() == 2);
      a.status();
      for (int run = -1; run < plan.runs(); run++) {
        // Each run its own query: a query reports at most 100 matches a minute.
        String word = "wq" + VisibilityBench.letters(run + 1);
        try (Watching watch = new Watching(b.control(), word)) {
          Sleep.millis(1000); // the query reaches A
          List<Double> millis = new ArrayList<>();
          int samples = run < 0 ? 5 : samples();
          for (int i = 0; i < samples; i++) {
            millis.add(sample(watch.names, shareA, word + "x" + VisibilityBench.letters(i)));
          }
          if (run >= 0) {
            p50.add(Stats.percentile(millis, 50));
            p99.add(Stats.percentile(millis, 99));
            max.add(Stats.max(millis));
          }
        }
      }
    }
    String per = samples() + " files";
    report.add(
        Row.alone(
            "file created in A's share -> pushed to B's diztl watch: p50 over " + per,
            "ms",
            p50,
            "—",
            "n/a",
            0));
    report.add(
        Row.alone(
            "file created in A's share -> pushed to B's diztl watch: p99 over " + per,
            "ms",
            p99,
            "p99 < 1 s",
            Row.met(Stats.max(p99) < 1000),
            0));
    report.note(
        "Standing queries: two node processes (A runs the tracker); B registers the standing"
            + " query through its control API (as diztl watch does), the harness writes matching"
            + " files into A's share one at a time and times each until B's watch stream"
            + " delivers it; each run has a query of its own (a query reports at most 100"
            + " matches a minute). Includes the watcher's quiet period of 200 ms and hashing (a"
            + " match is sent once the file is hashed); compare with the visibility rows, where B"
            + " polls with searches. Worst single file per run: "
            + Stats.summary(max, 0)
            + " ms. The cost per new file on a node holding 1,000 standing queries is the JMH"
            + " StandingMatchBench row.");
  }

  /** Files per run: fewer than a query reports in a minute. */
  private int samples() {
    return Math.min(plan.visibilitySamples(), 60);
  }

  /** One standing query of B and the names of its matches, read on a thread of their own. */
  private static final class Watching implements AutoCloseable {
    private final BlockingQueue<String> names = new LinkedBlockingQueue<>();
    private final ControlClient.WatchStream stream;

    Watching(ControlClient control, String word) {
      stream =
          control.watch(
              WatchRequest.newBuilder()
                  .setQuery(SearchRequest.newBuilder().setQuery(word))
                  .setTtlMillis(Duration.ofHours(1).toMillis())
                  .build());
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  while (stream.hasNext()) {
                    WatchEvent event = stream.next();
                    if (event.hasMatch()) {
                      names.add(event.getMatch().getHit().getName());
                    }
                  }
                } catch (RuntimeException e) {
                  // the stream was closed
                }
              });
    }

    @Override
    public void close() {
      stream.close();
    }
  }

  /** Writes one file and returns the milliseconds until B's watch delivers it. */
  private static double sample(BlockingQueue<String> names, Path share, String token)
      throws InterruptedException {
    String name = token + ".txt";
    long start = System.nanoTime();
    try {
      Files.writeString(share.resolve(name), token);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long end = start + BOUND.toNanos();
    while (System.nanoTime() < end) {
      String got = names.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (name.equals(got)) {
        return (System.nanoTime() - start) / 1e6;
      }
    }
    throw new IllegalStateException(name + " not pushed to B's watch within " + BOUND);
  }
}
