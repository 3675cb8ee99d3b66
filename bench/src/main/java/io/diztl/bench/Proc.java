package io.diztl.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A process started by the harness, its output in a log file, and its figures from /proc. */
final class Proc implements AutoCloseable {

  private static final long CLOCK_TICKS = clockTicks();

  private static final Pattern TIMES = Pattern.compile("(\\d+)m([\\d.]+)s (\\d+)m([\\d.]+)s");

  private final String name;
  private final Process process;
  private final Path log;

  private Proc(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code command} with stdout and stderr going to {@code log}. */
  static Proc start(String name, List<String> command, Path log) {
    try {
      Files.createDirectories(log.getParent());
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      return new Proc(name, process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
  }

  /** Runs {@code command} to its end (output discarded) and returns its wall time in seconds. */
  static double timed(List<String> command, Duration bound) {
    try {
      long start = System.nanoTime();
      Process process =
          new ProcessBuilder(command)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new IllegalStateException(command + " did not end within " + bound);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      if (process.exitValue() != 0) {
        throw new IllegalStateException(command + " exited with " + process.exitValue());
      }
      return seconds;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  /** The process's log so far. */
  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** Fails with the end of the log when the process has ended. */
  void checkAlive() {
    if (!process.isAlive()) {
      String out = output();
      throw new IllegalStateException(
          name
              + " ended with "
              + process.exitValue()
              + ": "
              + out.substring(Math.max(0, out.length() - 2000)));
    }
  }

  /** Resident set size in MiB, from VmRSS in /proc/PID/status. */
  double rssMib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
      throw new IllegalStateException("no VmRSS for " + name);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the status of " + name, e);
    }
  }

  /** CPU time used so far (user + system), in seconds, from /proc/PID/stat. */
  double cpuSeconds() {
    try {
      return cpuSecondsOf(pid());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the stat of " + name, e);
    }
  }

  /** CPU time used so far by the process and the children it has now (nginx and its workers). */
  double treeCpuSeconds() {
    double seconds = cpuSeconds();
    for (ProcessHandle child : process.descendants().toList()) {
      try {
        seconds += cpuSecondsOf(child.pid());
      } catch (IOException e) {
        // The child ended meanwhile: its time is in its parent's children's time, not counted.
      }
    }
    return seconds;
  }

  private static double cpuSecondsOf(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // After the command: state is field 3, utime field 14 and stime field 15 (1-based).
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS;
  }

  /**
   * Runs {@code command} to its end under bash, which reports its children's CPU time ({@code
   * times}); returns the wall seconds and the command's CPU seconds (user + system).
   */
  static double[] timedWithCpu(List<String> command, Duration bound) {
    List<String> wrapped =
        new ArrayList<>(List.of("bash", "-c", "\"$@\" >/dev/null; s=$?; times; exit $s", "bash"));
    wrapped.addAll(command);
    try {
      long start = System.nanoTime();
      Process process =
          new ProcessBuilder(wrapped).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new IllegalStateException(command + " did not end within " + bound);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      if (process.exitValue() != 0) {
        throw new IllegalStateException(command + " exited with " + process.exitValue());
      }
      // times: the shell's user and system time, then its children's, as "0m1.230s 0m0.040s".
      String[] lines = out.strip().split("\n");
      Matcher m = TIMES.matcher(lines[lines.length - 1]);
      if (!m.matches()) {
        throw new IllegalStateException("cannot read the CPU time of " + command + ": " + out);
      }
      double cpu =
          Long.parseLong(m.group(1)) * 60
              + Double.parseDouble(m.group(2))
              + Long.parseLong(m.group(3)) * 60
              + Double.parseDouble(m.group(4));
      return new double[] {seconds, cpu};
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Kills the process and its children at once (SIGKILL, no shutdown hooks) and waits for it. */
  void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the process (SIGTERM, then SIGKILL after 20 s) and waits for it. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static long clockTicks() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
      String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      getconf.waitFor(5, TimeUnit.SECONDS);
      return Long.parseLong(out.trim());
    } catch (IOException | NumberFormatException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
