package io.diztl.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/diztl} gives a tracker a heap that is not collected every few searches and no Netty
 * leak detector, after the node's memory settings, and leaves a heap size of the user's own alone.
 */
class TrackerJvmOptionsIT {

  private static final String LEAK_DETECTION_OFF =
      "-Dio.grpc.netty.shaded.io.netty.leakDetection.level=disabled";

  @TempDir Path temp;

  @Test
  void aTrackerStartsWithItsOwnHeapAndWithoutTheLeakDetector() throws Exception {
    List<String> options = jvmOptionsOfATracker("");

    assertEquals("-Xms256m", last(options, "-Xms"), options.toString());
    assertEquals("-XX:GCTimeRatio=12", last(options, "-XX:GCTimeRatio="), options.toString());
    assertTrue(options.contains(LEAK_DETECTION_OFF), options.toString());
  }

  @Test
  void aHeapSizeOfTheUsersOwnIsKept() throws Exception {
    List<String> options = jvmOptionsOfATracker("-Xmx128m");

    assertEquals("-Xms16m", last(options, "-Xms"), "no -Xms above the user's -Xmx: " + options);
    assertEquals("-Xmx128m", last(options, "-Xmx"), options.toString());
  }

  /** Starts a tracker with {@code userOptions} in DIZTL_OPTS; returns its JVM's command line. */
  private List<String> jvmOptionsOfATracker(String userOptions) throws Exception {
    DiztlProcesses.assertAssembled();
    assumeTrue(Files.isReadable(Path.of("/proc/self/cmdline")), "Linux /proc");
    int port = DiztlProcesses.freePort();
    Path log = temp.resolve("tracker-" + port + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
                DiztlProcesses.DIZTL.toString(),
                "tracker",
                "--port",
                "" + port,
                "--bind",
                "127.0.0.1")
            .directory(temp.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("HOME", Files.createDirectories(temp.resolve("home")).toString());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("DIZTL_AOT", "off");
    builder.environment().put("DIZTL_OPTS", userOptions);
    builder.environment().remove("JAVA_OPTS");
    Process tracker = builder.start();
    try {
      long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!Files.readString(log).contains("listening on")) {
        assertTrue(tracker.isAlive(), Files.readString(log));
        assertTrue(System.nanoTime() < end, "the tracker did not start within 60 s");
        Thread.sleep(100);
      }
      // bin/diztl execs java: the script's process is the JVM.
      String cmdline =
          new String(
              Files.readAllBytes(Path.of("/proc/" + tracker.pid() + "/cmdline")),
              StandardCharsets.UTF_8);
      List<String> options = List.of(cmdline.split("\0"));
      assertFalse(options.isEmpty(), "a command line");
      return options;
    } finally {
      tracker.destroy();
      if (!tracker.waitFor(20, TimeUnit.SECONDS)) {
        tracker.destroyForcibly();
      }
    }
  }

  /** The last option starting with {@code prefix}: the one the JVM takes. */
  private static String last(List<String> options, String prefix) {
    return options.stream().filter(o -> o.startsWith(prefix)).reduce((a, b) -> b).orElse("");
  }
}
