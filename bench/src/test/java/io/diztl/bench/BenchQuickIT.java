package io.diztl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code bench/run.sh --quick} on what the build just made, so that the harness cannot rot: it
 * must exit 0 and report every figure. The bound only catches a hang (each phase bounds its own
 * waits): the quick run takes about five minutes on a quiet machine and three times that on a busy
 * one.
 */
class BenchQuickIT {

  /** How long the quick run may take before it counts as hung. */
  private static final Duration BOUND = Duration.ofMinutes(25);

  private static final Path SCRIPT =
      Path.of(System.getProperty("diztl.bench.script", "run.sh")).toAbsolutePath();

  /** The start of every row the report must have. */
  private static final List<String> ROWS =
      List.of(
          "| 64 MiB download node to node over loopback, verified, written to disk |",
          "| SHA-256 hashing of the share",
          "| first indexing of 5,000 files until all searchable |",
          "| file created in A's share -> visible in B's search: p50",
          "| file created in A's share -> visible in B's search: p99",
          "| search round trip through the tracker, 10 nodes: p50",
          "| search round trip through the tracker, 10 nodes: p99",
          "| search while one node is dead and one stalls",
          "| node memory (RSS), idle",
          "| node memory (RSS) with 5,000 files indexed",
          "| tracker with 200 registered nodes heart-beating: CPU",
          "| tracker with 200 registered nodes heart-beating: RSS",
          "Sha256Bench.heapArray",
          "IndexSearchBench.twoWords");

  @TempDir Path temp;

  @Test
  void quickRunReportsEveryFigure() throws IOException, InterruptedException {
    Path out = temp.resolve("quick.md");
    Path log = temp.resolve("run.log");
    Process run =
        new ProcessBuilder(
                "bash", SCRIPT.toString(), "--quick", "--no-build", "--out", out.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean ended = run.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    if (!ended) {
      run.destroy();
      run.waitFor(30, TimeUnit.SECONDS);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(
        ended,
        () ->
            "bench/run.sh --quick did not end within "
                + BOUND.toMinutes()
                + " minutes:\n"
                + tail(output));
    assertEquals(0, run.exitValue(), () -> "bench/run.sh --quick failed:\n" + tail(output));
    String report = Files.readString(out, StandardCharsets.UTF_8);
    for (String row : ROWS) {
      assertTrue(report.contains(row), () -> "no row '" + row + "' in:\n" + report);
    }
    assertTrue(!report.contains("Failed phases"), report);
  }

  private static String tail(String text) {
    return text.substring(Math.max(0, text.length() - 4000));
  }
}
