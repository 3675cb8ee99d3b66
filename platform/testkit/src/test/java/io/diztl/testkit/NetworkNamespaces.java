package io.diztl.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two network namespaces joined by a veth pair, {@code 10.213.0.1/24} and {@code 10.213.0.2/24},
 * for tests that broadcast: packets never reach the machine's real interfaces. Needs root and the
 * {@code ip} tool (the test is skipped otherwise); {@link #close()} removes everything.
 */
final class NetworkNamespaces implements AutoCloseable {

  static final String FIRST_ADDRESS = "10.213.0.1";
  static final String SECOND_ADDRESS = "10.213.0.2";

  private final String first;
  private final String second;

  private NetworkNamespaces(String first, String second) {
    this.first = first;
    this.second = second;
  }

  /** Creates the pair, or skips the test when this machine cannot. */
  static NetworkNamespaces create() throws IOException, InterruptedException {
    assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
    assumeTrue(
        Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")),
        "the ip tool is missing");
    String tag = Long.toString(ProcessHandle.current().pid() % 100_000);
    NetworkNamespaces namespaces = new NetworkNamespaces("dzt" + tag + "a", "dzt" + tag + "b");
    try {
      namespaces.setUp();
    } catch (IOException | RuntimeException e) {
      namespaces.close();
      assumeTrue(false, "cannot create network namespaces here: " + e.getMessage());
    }
    return namespaces;
  }

  private void setUp() throws IOException, InterruptedException {
    ip("netns", "add", first);
    ip("netns", "add", second);
    ip("link", "add", first, "type", "veth", "peer", "name", second);
    ip("link", "set", first, "netns", first);
    ip("link", "set", second, "netns", second);
    ip("-n", first, "addr", "add", FIRST_ADDRESS + "/24", "brd", "+", "dev", first);
    ip("-n", second, "addr", "add", SECOND_ADDRESS + "/24", "brd", "+", "dev", second);
    for (String namespace : List.of(first, second)) {
      ip("-n", namespace, "link", "set", "lo", "up");
      ip("-n", namespace, "link", "set", namespace, "up");
    }
  }

  /** The command that runs {@code command} inside the first namespace. */
  List<String> inFirst(List<String> command) {
    return in(first, command);
  }

  /** The command that runs {@code command} inside the second namespace. */
  List<String> inSecond(List<String> command) {
    return in(second, command);
  }

  private static List<String> in(String namespace, List<String> command) {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    full.addAll(command);
    return full;
  }

  /** Deletes both namespaces; the veth pair goes with them. */
  @Override
  public void close() throws IOException {
    for (String namespace : List.of(first, second)) {
      try {
        run(List.of("ip", "netns", "del", namespace));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while deleting network namespace " + namespace, e);
      }
    }
  }

  private static void ip(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    String failure = run(command);
    if (failure != null) {
      throw new IOException(String.join(" ", command) + " failed: " + failure);
    }
  }

  /** Runs {@code command}; null when it succeeded, else its output. */
  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return "timed out";
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return process.exitValue() == 0 ? null : output.strip();
  }
}
