package io.diztl.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.proto.NetworkKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LAN discovery for real: a tracker in one network namespace broadcasts and answers, and a node's
 * discovery in another finds it over the veth pair between them and checks it over TLS. Runs as
 * root only (skipped otherwise); nothing is broadcast on the machine's own interfaces.
 */
class LanDiscoveryIT {

  @TempDir Path temp;
  private NetworkNamespaces namespaces;
  private final List<Process> processes = new ArrayList<>();

  @BeforeEach
  void createNamespaces() throws Exception {
    namespaces = NetworkNamespaces.create();
  }

  @AfterEach
  void removeNamespaces() throws Exception {
    for (Process process : processes) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (namespaces != null) {
      namespaces.close();
    }
  }

  @Test
  void aNodeOnTheLanFindsTheTrackerAndVerifiesIt() throws Exception {
    String trackerId = startTracker();

    List<String> found = find();

    assertEquals(
        "FOUND " + NetworkNamespaces.FIRST_ADDRESS + ":7400#" + trackerId,
        found.getLast(),
        found::toString);
  }

  @Test
  void aClosedNetworkTellsANodeWithoutTheKeyWhatToDo() throws Exception {
    Path keyFile = temp.resolve("network.key");
    NetworkKey.generate().write(keyFile);
    String trackerId = startTracker(keyFile.toString());

    List<String> withoutKey = find();
    List<String> withKey = find(keyFile.toString());

    assertEquals("NONE", withoutKey.getLast(), withoutKey::toString);
    assertTrue(
        withoutKey.stream()
            .anyMatch(
                line ->
                    line.startsWith("NOTE tracker " + trackerId)
                        && line.contains("runs a closed network")
                        && line.contains("--network-key-file")),
        withoutKey::toString);
    assertEquals(
        "FOUND " + NetworkNamespaces.FIRST_ADDRESS + ":7400#" + trackerId,
        withKey.getLast(),
        withKey::toString);
  }

  /** Starts the tracker in the first namespace and returns its id once it announces. */
  private String startTracker(String... keyFile) throws IOException {
    List<String> args = new ArrayList<>(List.of("tracker", temp.resolve("tracker").toString()));
    args.addAll(List.of(keyFile));
    Process tracker =
        new ProcessBuilder(namespaces.inFirst(java(args)))
            .redirectError(temp.resolve("tracker.err").toFile())
            .start();
    processes.add(tracker);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(tracker.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      String[] words = line.split(" ");
      if (words.length == 4 && words[0].equals("TRACKER")) {
        assertEquals("7400", words[3], line);
        return words[1];
      }
    }
    throw new AssertionError("the tracker ended before it announced itself; see tracker.err");
  }

  /** Runs discovery in the second namespace; its output lines. */
  private List<String> find(String... keyFile) throws Exception {
    List<String> args = new ArrayList<>(List.of("find"));
    args.addAll(List.of(keyFile));
    Process finder =
        new ProcessBuilder(namespaces.inSecond(java(args)))
            .redirectError(temp.resolve("find.err").toFile())
            .start();
    processes.add(finder);
    List<String> lines =
        new String(finder.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
            .strip()
            .lines()
            .toList();
    assertTrue(finder.waitFor(60, TimeUnit.SECONDS), "discovery ended");
    assertTrue(!lines.isEmpty(), "discovery printed nothing; see find.err");
    return lines;
  }

  private static List<String> java(List<String> args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LanPeer.class.getName()));
    command.addAll(args);
    return command;
  }
}
