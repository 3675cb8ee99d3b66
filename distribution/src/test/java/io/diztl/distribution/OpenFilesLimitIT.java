package io.diztl.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/diztl} starts servers with the hard limit on open files as their soft limit, so that
 * connections and index files do not run out at a login shell's default of 1024.
 */
class OpenFilesLimitIT {

  private static final int LOW = 256;

  @TempDir Path temp;

  @Test
  void aTrackerRunsWithTheHardLimitOnOpenFiles() throws Exception {
    DiztlProcesses.assertAssembled();
    assumeTrue(Files.isReadable(Path.of("/proc/self/limits")), "Linux /proc");
    long hard = Long.parseLong(limit(Path.of("/proc/self/limits")).get(1));
    assumeTrue(hard > LOW, "a hard limit above " + LOW);
    int port = DiztlProcesses.freePort();
    ProcessBuilder builder =
        new ProcessBuilder(
                "bash",
                "-c",
                "ulimit -Sn " + LOW + " && exec \"$0\" \"$@\"",
                DiztlProcesses.DIZTL.toString(),
                "tracker",
                "--port",
                "" + port,
                "--bind",
                "127.0.0.1")
            .directory(temp.toFile())
            .redirectErrorStream(true)
            .redirectOutput(temp.resolve("tracker.log").toFile());
    builder.environment().put("HOME", Files.createDirectories(temp.resolve("home")).toString());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("DIZTL_AOT", "off");
    // HotSpot raises the limit itself unless told not to: this checks the script alone.
    builder.environment().put("DIZTL_OPTS", "-XX:-MaxFDLimit");
    builder.environment().remove("JAVA_OPTS");
    Process tracker = builder.start();
    try {
      long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!Files.readString(temp.resolve("tracker.log")).contains("listening on")) {
        assertTrue(tracker.isAlive(), Files.readString(temp.resolve("tracker.log")));
        assertTrue(System.nanoTime() < end, "the tracker did not start within 60 s");
        Thread.sleep(100);
      }
      List<String> limits = limit(Path.of("/proc/" + tracker.pid() + "/limits"));
      assertEquals(limits.get(1), limits.get(0), "soft and hard limits on open files");
    } finally {
      tracker.destroy();
      if (!tracker.waitFor(20, TimeUnit.SECONDS)) {
        tracker.destroyForcibly();
      }
    }
  }

  /** The soft and hard limits on open files in a {@code /proc/PID/limits} file. */
  private static List<String> limit(Path file) throws Exception {
    String line =
        Files.readAllLines(file).stream()
            .filter(l -> l.startsWith("Max open files"))
            .findFirst()
            .orElseThrow();
    String[] parts = line.substring("Max open files".length()).trim().split("\\s+");
    return List.of(parts[0], parts[1]);
  }
}
