package io.diztl.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the macro benchmarks against the assembled distribution and writes their table as a Markdown
 * fragment; bench/run.sh wraps it into BENCHMARKS.md.
 *
 * <p>Arguments: {@code --dist DIR --work DIR --out FILE [--quick] [--only phase,...]}, phases being
 * transfer, hash, limit, index, visibility, standing, search, tracker, cli, tls and swarm, and
 * index1m (only when named).
 */
public final class BenchMain {

  /** Phases too slow for the full run: they run only when named with {@code --only}. */
  private static final Set<String> OFF_BY_DEFAULT = Set.of("index1m");

  private BenchMain() {}

  /** Runs the suite; exits 1 when a phase failed, 2 on bad arguments. */
  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    boolean quick = false;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--quick")) {
        quick = true;
      } else if (args[i].startsWith("--") && i + 1 < args.length) {
        options.put(args[i].substring(2), args[++i]);
      } else {
        System.err.println("bench: unexpected argument " + args[i]);
        System.exit(2);
      }
    }
    if (!options.containsKey("dist")
        || !options.containsKey("work")
        || !options.containsKey("out")) {
      System.err.println(
          "usage: BenchMain --dist DIR --work DIR --out FILE [--quick] [--only a,b]");
      System.exit(2);
    }
    Set<String> only =
        options.containsKey("only") ? Set.of(options.get("only").split(",")) : Set.of();
    Plan plan = quick ? Plan.quickOne() : Plan.full();
    Path work = Path.of(options.get("work")).toAbsolutePath();
    Files.createDirectories(work);
    Report report = new Report();
    report.writeTo(Path.of(options.get("out")).toAbsolutePath());
    try (Dist dist =
        new Dist(Path.of(options.get("dist")).toAbsolutePath(), work.resolve("logs"))) {
      Runtime.getRuntime().addShutdownHook(new Thread(dist::close, "bench-stop-processes"));
      if (!quick) {
        System.err.println("bench: recording the node's ahead-of-time cache...");
        NodeCache.record(dist, work.resolve("aot-cache"));
        dist.stopAll();
      }
      TransferBench transfer = new TransferBench(plan, dist, work.resolve("transfer"), report);
      List<Phase> phases = new ArrayList<>();
      phases.add(new Phase("transfer", transfer::runTransfer));
      HashSearchBench hashSearch =
          new HashSearchBench(plan, dist, work.resolve("hash-search"), report);
      phases.add(
          new Phase(
              "hash",
              () -> {
                transfer.runHashing();
                hashSearch.run(transfer.share().resolve(TransferBench.FILE));
              }));
      phases.add(
          new Phase("limit", new LimitBench(plan, dist, work.resolve("limit"), report)::run));
      phases.add(
          new Phase("index", new IndexBench(plan, dist, work.resolve("index"), report)::run));
      phases.add(
          new Phase(
              "index1m", IndexBench.largeShare(plan, dist, work.resolve("index1m"), report)::run));
      phases.add(
          new Phase(
              "visibility",
              new VisibilityBench(plan, dist, work.resolve("visibility"), report)::run));
      phases.add(
          new Phase(
              "standing",
              new StandingQueryBench(plan, dist, work.resolve("standing"), report)::run));
      phases.add(new Phase("search", new SearchBench(plan, dist, report)::run));
      phases.add(new Phase("tracker", new TrackerLoadBench(plan, dist, report)::run));
      phases.add(new Phase("cli", new CliBench(plan, dist, work.resolve("cli"), report)::run));
      phases.add(new Phase("tls", new TlsBench(plan, dist, work.resolve("tls"), report)::run));
      phases.add(
          new Phase("swarm", new SwarmBench(plan, dist, work.resolve("swarm"), report)::run));
      for (Phase phase : phases) {
        boolean wanted =
            only.isEmpty() ? !OFF_BY_DEFAULT.contains(phase.name()) : only.contains(phase.name());
        if (!wanted) {
          continue;
        }
        long start = System.nanoTime();
        System.err.println("bench: " + phase.name() + "...");
        try {
          phase.body().run();
        } catch (RuntimeException e) {
          e.printStackTrace();
          report.failed(phase.name(), e);
        } finally {
          dist.stopAll();
        }
        System.err.printf(
            "bench: %s took %.0f s%n", phase.name(), (System.nanoTime() - start) / 1e9);
      }
    }
    report.writeTo(Path.of(options.get("out")).toAbsolutePath());
    System.err.println(
        "bench: done"
            + (report.hasFailures() ? " with failures" : "")
            + " "
            + Arrays.toString(args));
    System.exit(report.hasFailures() ? 1 : 0);
  }

  private record Phase(String name, Runnable body) {}
}
