package io.diztl.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client commands' ahead-of-time cache (Java 25+, {@code bin/aot-cache}) as the launcher's
 * {@code AotTraining} records it: it holds picocli's classes (compiled for a current Java, which
 * the cache can link) and the gRPC-Web client the short commands call the node with, and none of
 * logback's or Netty's, which a client start would otherwise load every time.
 */
class ClientAotCacheIT {

  private static final long TRAINING_BOUND_SECONDS = 300;

  @TempDir Path temp;

  @Test
  void theTrainingCachesPicocliAndLeavesLogbackAndNettyOut() throws Exception {
    DiztlProcesses.assertAssembled();
    assumeTrue(Runtime.version().feature() >= 25, "an AOT cache needs Java 25");
    Path cache = temp.resolve("client.aot");
    Path loaded = temp.resolve("class-load.log");
    Path skipped = temp.resolve("aot.log");
    Process training =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Ddiztl.home=" + DiztlProcesses.HOME,
                "-XX:+UseSerialGC",
                "-XX:AOTCacheOutput=" + cache,
                "-Xlog:class+load=info:file=" + loaded,
                "-Xlog:aot=warning:file=" + skipped,
                "-cp",
                classPath(),
                "io.diztl.launcher.AotTraining")
            .redirectErrorStream(true)
            .redirectOutput(temp.resolve("training.out").toFile())
            .start();
    assertTrue(
        training.waitFor(TRAINING_BOUND_SECONDS, TimeUnit.SECONDS),
        "the training did not end within " + TRAINING_BOUND_SECONDS + " s");
    assertEquals(0, training.exitValue(), Files.readString(temp.resolve("training.out")));
    assertTrue(Files.size(cache) > 0, "no cache written");

    List<String> classes = Files.readAllLines(loaded);
    assertTrue(
        classes.stream().anyMatch(line -> line.contains(" picocli.CommandLine ")),
        "the training loaded no picocli");
    assertFalse(
        classes.stream().anyMatch(line -> line.contains(" ch.qos.logback.")),
        "the training configured logback: "
            + classes.stream().filter(line -> line.contains(" ch.qos.logback.")).findFirst());
    assertTrue(
        classes.stream().anyMatch(line -> line.contains(" io.diztl.proto.GrpcWebClient ")),
        "the training did not call the stand-in over gRPC-Web");
    assertFalse(
        classes.stream().anyMatch(line -> line.contains(" io.grpc.netty.")),
        "the training started Netty: "
            + classes.stream().filter(line -> line.contains(" io.grpc.netty.")).findFirst());
    List<String> picocliSkipped =
        Files.readAllLines(skipped).stream().filter(line -> line.contains("picocli")).toList();
    assertEquals(List.of(), picocliSkipped, "classes of picocli the cache could not hold");
  }

  /** Every jar of the distribution's lib/. */
  private static String classPath() throws IOException {
    try (Stream<Path> files = Files.list(DiztlProcesses.HOME.resolve("lib"))) {
      return files
          .map(Path::toString)
          .filter(name -> name.endsWith(".jar"))
          .sorted()
          .collect(Collectors.joining(":"));
    }
  }
}
