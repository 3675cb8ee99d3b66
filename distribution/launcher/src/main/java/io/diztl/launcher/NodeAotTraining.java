package io.diztl.launcher;

import io.diztl.node.ControlClient;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.StatusResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.function.Predicate;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The workload that {@code bin/diztl} records the node's ahead-of-time cache from (Java 25's {@code
 * -XX:AOTCacheOutput}, see {@code bin/aot-cache}): runs {@code diztl node} in this JVM, with a
 * tracker of its own, on a temporary share of {@value #DEFAULT_FILES} small files and one larger
 * one, waits until they are indexed, hashed and extracted, searches, adds a file for the watcher,
 * and exits. The cache then holds the classes a node loads (those of the JDK, the module path and
 * the launcher, not the plugins') and the profiles of its hot methods, so that the JIT of a node's
 * first indexing costs less. Exits 0 when the node did all of it, else 1.
 *
 * <p>Its one argument is an empty folder to work in, which the caller deletes after the exit (the
 * node is still running while the JVM exits, and writes there until its shutdown hook is done).
 */
public final class NodeAotTraining {

  /** The system property that sets how many small files the training share holds. */
  static final String FILES_PROPERTY = "diztl.aot.files";

  /** Small files of the training share, unless {@value #FILES_PROPERTY} says otherwise. */
  static final int DEFAULT_FILES = 30_000;

  private static final int FILES_PER_FOLDER = 100;
  private static final int LARGE_FILE_BYTES = 4 << 20;
  private static final Duration BOUND = Duration.ofMinutes(10);
  private static final String[] WORDS = {
    "holiday", "photo", "report", "invoice", "song", "movie", "draft", "scan", "backup", "notes"
  };

  private NodeAotTraining() {}

  /** Runs the workload in the folder {@code args[0]}. */
  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 1) {
      System.err.println("usage: NodeAotTraining FOLDER (an empty folder to work in)");
      System.exit(2);
    }
    int files = Integer.getInteger(FILES_PROPERTY, DEFAULT_FILES);
    Path folder = Path.of(args[0]);
    Path share = folder.resolve("share");
    writeShare(share, files);
    Path data = folder.resolve("data");
    String[] node = {
      "node",
      "--share",
      share.toString(),
      "--data",
      data.toString(),
      "--downloads",
      folder.resolve("downloads").toString(),
      "--bind",
      "127.0.0.1",
      "--port",
      "0",
      "--tracker-port",
      "0",
      "--no-ui",
      "--no-discovery"
    };
    // As Main does: gRPC and Lucene log through java.util.logging.
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    Thread.ofPlatform()
        .daemon()
        .name("diztl-aot-node")
        .start(() -> Main.commandLine(node).execute(node));
    // The node's shutdown hook closes it.
    System.exit(exercise(data, share, files + 1) ? 0 : 1);
  }

  /** Waits for the node's first indexing of {@code files} files, searches, adds one more file. */
  private static boolean exercise(Path data, Path share, int files) throws InterruptedException {
    long end = System.nanoTime() + BOUND.toNanos();
    ControlClient control = connect(data, end);
    if (control == null) {
      return false;
    }
    try (control) {
      if (!await(
          control,
          end,
          s ->
              s.getFilesIndexed() == files
                  && s.getFilesHashed() == files
                  && s.getFilesAwaitingMetadata() == 0
                  && !s.getScanning())) {
        return false;
      }
      for (String query : WORDS) {
        drain(control.search(SearchRequest.newBuilder().setQuery(query).build()));
      }
      Files.writeString(share.resolve("later.txt"), "written later\n", StandardCharsets.UTF_8);
      return await(control, end, s -> s.getFilesIndexed() == files + 1);
    } catch (IOException e) {
      return false;
    }
  }

  private static ControlClient connect(Path data, long end) throws InterruptedException {
    while (System.nanoTime() < end) {
      try {
        ControlClient control = ControlClient.connect(data);
        control.status();
        return control;
      } catch (RuntimeException notYet) {
        Thread.sleep(100);
      }
    }
    return null;
  }

  private static boolean await(ControlClient control, long end, Predicate<StatusResponse> done)
      throws InterruptedException {
    while (System.nanoTime() < end) {
      if (done.test(control.status())) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  private static void drain(Iterator<SearchEvent> events) {
    while (events.hasNext()) {
      events.next();
    }
  }

  /** {@code files} small text files, a hundred per folder, and one of a few MiB. */
  private static void writeShare(Path share, int files) throws IOException {
    for (int i = 0; i < files; i++) {
      Path folder = share.resolve(String.format("folder-%04d", i / FILES_PER_FOLDER));
      if (i % FILES_PER_FOLDER == 0) {
        Files.createDirectories(folder);
      }
      String name =
          String.format(
              "%s-%s-%06d.txt", WORDS[i % WORDS.length], WORDS[(i / 7) % WORDS.length], i);
      Files.writeString(folder.resolve(name), "file " + i + "\n", StandardCharsets.UTF_8);
    }
    Files.createDirectories(share);
    Files.write(share.resolve("large.bin"), new byte[LARGE_FILE_BYTES]);
  }
}
