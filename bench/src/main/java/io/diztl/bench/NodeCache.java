package io.diztl.bench;

import io.diztl.bench.Dist.NodeProc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Has the node's ahead-of-time cache recorded before any figure is taken (Java 25+, {@code
 * bin/aot-cache}): a node's first start records it in the background, which would fall inside the
 * first phases' figures. Every node of the run then starts as a node does from its second start on.
 */
final class NodeCache {

  private static final Duration BOUND = Duration.ofMinutes(5);

  private NodeCache() {}

  /** Starts and stops one node, then waits until its recording is done; false if it was not. */
  static boolean record(Dist dist, Path work) {
    if (Runtime.version().feature() < 25 || !recordsNodeCaches(dist)) {
      return false; // an older JDK or distribution has none
    }
    Path data = work.resolve("data");
    Proc proc =
        dist.startNodeWithTracker("aot-cache", work.resolve("share"), data, Dist.freePort());
    try (NodeProc node = dist.connect(proc, data)) {
      node.status();
    }
    long end = System.nanoTime() + BOUND.toNanos();
    while (!recorded()) {
      if (System.nanoTime() > end) {
        System.err.println(
            "bench: the node's ahead-of-time cache was not recorded within " + BOUND);
        return false;
      }
      Sleep.millis(500);
    }
    return true;
  }

  private static boolean recordsNodeCaches(Dist dist) {
    try {
      return Files.readString(dist.diztl()).contains("diztl_aot_options node");
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether a node cache is there and none is being recorded. */
  private static boolean recorded() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path dir =
        (xdg == null || xdg.isEmpty()
                ? Path.of(System.getProperty("user.home"), ".cache")
                : Path.of(xdg))
            .resolve("diztl");
    try (Stream<Path> files = Files.list(dir)) {
      List<String> names = files.map(f -> f.getFileName().toString()).toList();
      // node.aot, or node-KEY.aot as distributions before 2026-12-02 (branch cli4) name it.
      return names.stream().anyMatch(n -> n.matches("node(-\\d+)?\\.aot"))
          && names.stream().noneMatch(n -> n.matches("node(-\\d+)?\\.aot\\.lock"));
    } catch (IOException e) {
      return false; // not created yet
    }
  }
}
