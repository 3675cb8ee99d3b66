package io.diztl.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's ahead-of-time cache (Java 25+, {@code bin/aot-cache}): the first {@code diztl node}
 * records it in the background with the launcher's {@code NodeAotTraining}, and the next node loads
 * the index's classes from it and indexes and searches as before.
 */
class NodeAotCacheIT {

  private static final Duration TRAINING_BOUND = Duration.ofMinutes(5);

  @TempDir Path temp;

  @Test
  void theFirstNodeRecordsTheCacheAndTheNextLoadsLuceneFromIt() throws Exception {
    DiztlProcesses.assertAssembled();
    assumeTrue(Runtime.version().feature() >= 25, "an AOT cache needs Java 25");
    Path caches = temp.resolve("home/.cache/diztl");
    Path share = Files.createDirectories(temp.resolve("share"));
    Files.writeString(share.resolve("cached-lucene.txt"), "a file to find");
    try (DiztlProcesses processes = new DiztlProcesses(temp)) {
      String tracker = processes.startTracker();
      processes.environment("DIZTL_AOT", "on");
      // A small training share: the options are part of the cache's key, so both nodes take it.
      processes.environment("DIZTL_OPTS", "-Ddiztl.aot.files=300");
      Path firstData = temp.resolve("data-1");
      Process first = processes.startNode("first", share, firstData, tracker);
      processes.poll(
          "the first node's status",
          Duration.ofSeconds(60),
          () -> processes.run("status", "--data", firstData.toString()),
          result -> result.exit() == 0 ? result : null);
      // Stopped with its child processes long before the recording ends: the recording goes on.
      first.descendants().forEach(ProcessHandle::destroy);
      first.destroy();
      assertTrue(first.waitFor(30, TimeUnit.SECONDS), "the first node did not stop");
      List<String> recorded = awaitCache(caches);

      Path loaded = temp.resolve("class-load.log");
      processes.environment("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + loaded);
      Path data = temp.resolve("data-2");
      processes.startNode("second", share, data, tracker);
      processes.environment("JAVA_TOOL_OPTIONS", ""); // the client commands write no such log
      // Not processes.poll, which fails once any server has exited (the first node has).
      long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      DiztlProcesses.Result found = processes.run("search", "cached", "--data", data.toString());
      while (!found.out().contains("cached-lucene.txt") && System.nanoTime() < end) {
        Thread.sleep(250);
        found = processes.run("search", "cached", "--data", data.toString());
      }
      assertTrue(found.out().contains("cached-lucene.txt"), found + processes.diagnosis());
      assertTrue(
          Files.readAllLines(loaded).stream()
              .anyMatch(
                  line ->
                      line.contains(" org.apache.lucene.index.IndexWriter ")
                          && line.contains("shared objects file")),
          "the second node did not load Lucene's writer from the cache");
      assertEquals(recorded, nodeFiles(caches), "the second node recorded another cache");
    }
  }

  /**
   * The node's files in the cache folder once it holds a node cache (the first node has exited by
   * then); the client commands run meanwhile record a client cache beside it.
   */
  private static List<String> awaitCache(Path caches) throws InterruptedException {
    long end = System.nanoTime() + TRAINING_BOUND.toNanos();
    while (System.nanoTime() < end) {
      List<String> files = nodeFiles(caches);
      if (files.equals(List.of("node.aot", "node.aot.key"))) {
        return files;
      }
      Thread.sleep(250);
    }
    return fail(
        "no node cache in " + caches + " within " + TRAINING_BOUND + ": " + nodeFiles(caches));
  }

  private static List<String> nodeFiles(Path caches) {
    if (!Files.isDirectory(caches)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(caches)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(name -> name.startsWith("node."))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
