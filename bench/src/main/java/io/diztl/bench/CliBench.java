package io.diztl.bench;

import io.diztl.bench.Dist.NodeProc;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Times the command line as a user meets it: {@code diztl --version}, {@code status} and {@code
 * search} (until the first result line) as separate processes against a running local node, beside
 * {@code java -version} of the same JDK, the floor of any JVM start. Runs alternate.
 */
final class CliBench {

  private static final Duration BOUND = Duration.ofSeconds(60);
  private static final double TARGET_MS = 300;

  private final Plan plan;
  private final Dist dist;
  private final Path work;
  private final Report report;

  CliBench(Plan plan, Dist dist, Path work, Report report) {
    this.plan = plan;
    this.dist = dist;
    this.work = work;
    this.report = report;
  }

  void run() {
    Path share = work.resolve("cli-share");
    Path data = work.resolve("cli-data");
    try {
      Files.createDirectories(share);
      for (int i = 0; i < 20; i++) {
        Files.writeString(share.resolve("report-" + i + ".txt"), "report " + i + "\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String diztl = dist.diztl().toString();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Map<String, List<String>> commands = new LinkedHashMap<>();
    commands.put("`java -version`", List.of(java, "-version"));
    commands.put("`diztl --version`", List.of(diztl, "--version"));
    commands.put("`diztl status`", List.of(diztl, "status", "--data", data.toString()));
    commands.put(
        "`diztl search report`, to the first result line",
        List.of(diztl, "search", "report", "--data", data.toString()));
    Map<String, List<Double>> millis = new LinkedHashMap<>();
    commands.keySet().forEach(name -> millis.put(name, new ArrayList<>()));
    int runs = plan.quick() ? 3 : 15;
    try (NodeProc node =
        dist.connect(dist.startNodeWithTracker("cli-node", share, data, Dist.freePort()), data)) {
      node.await("20 files indexed", Duration.ofMinutes(1), s -> s.getFilesIndexed() == 20);
      // Until the ahead-of-time cache is recorded (Java 25+), the runs are not counted.
      for (int i = 0; i < 3 || (recording() && i < 60); i++) {
        commands.values().forEach(this::firstLine);
        Sleep.millis(500);
      }
      for (int run = 0; run < runs; run++) {
        commands.forEach((name, command) -> millis.get(name).add(firstLine(command)));
      }
    }
    List<Double> floor = millis.get("`java -version`");
    millis.forEach(
        (name, samples) -> {
          boolean reference = samples == floor;
          double median = Stats.median(samples);
          report.add(
              new Row(
                  "command line: "
                      + name
                      + ", wall time of the process, p90 "
                      + Stats.format(Stats.percentile(samples, 90), 0)
                      + " ms"
                      + (reference
                          ? ""
                          : ", " + Stats.format(median / Stats.median(floor), 1) + "x java"),
                  "ms",
                  samples,
                  reference ? "" : "`java -version`",
                  reference ? List.of() : floor,
                  false,
                  reference ? "—" : "median < " + (int) TARGET_MS + " ms",
                  reference ? "n/a" : Row.met(median < TARGET_MS),
                  0));
        });
    report.note(
        "Command line: each command a new process, as a shell runs it (bin/diztl, its JVM start"
            + " included), against a node with 20 files in its share; search is timed until its"
            + " first result line reaches stdout, the others until they exit. "
            + runs
            + " alternating runs after the ahead-of-time cache was recorded (in"
            + " XDG_CACHE_HOME of the run; Java 25+), with `java -version` of the same JDK"
            + " beside them; ratio = java -version / diztl.");
  }

  /** Whether an ahead-of-time cache is still being recorded (or not yet started). */
  private boolean recording() {
    if (Runtime.version().feature() < 25
        || !Files.exists(dist.diztl().resolveSibling("aot-cache"))) {
      return false; // an older distribution has none
    }
    try (Stream<Path> files = Files.list(cacheDir())) {
      List<String> names = files.map(f -> f.getFileName().toString()).toList();
      return names.stream().noneMatch(n -> n.endsWith(".aot"))
          || names.stream().anyMatch(n -> n.endsWith(".lock"));
    } catch (IOException e) {
      return true;
    }
  }

  private Path cacheDir() {
    return work.resolve("cache/diztl");
  }

  /** Runs {@code command}; returns the milliseconds until its first line of stdout (or exit). */
  private double firstLine(List<String> command) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("XDG_CACHE_HOME", work.resolve("cache").toString());
    builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    try {
      long start = System.nanoTime();
      Process process = builder.start();
      boolean toFirstResult = command.contains("search");
      double millis = 0;
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        if (toFirstResult) {
          String line = out.readLine();
          if (line != null && line.startsWith("REF ")) {
            line = out.readLine(); // the table's header comes with the first result
          }
          millis = (System.nanoTime() - start) / 1e6;
          if (line == null || !line.contains("report-")) {
            throw new IllegalStateException(command + " printed no result but " + line);
          }
        }
        out.transferTo(Writer.nullWriter());
      }
      if (!process.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new IllegalStateException(command + " did not end within " + BOUND);
      }
      if (!toFirstResult) {
        millis = (System.nanoTime() - start) / 1e6;
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(command + " exited with " + process.exitValue());
      }
      return millis;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
