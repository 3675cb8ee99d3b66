package io.diztl.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's closed network with {@code bin/diztl}: {@code diztl key new}, a tracker with the key
 * and two nodes with it find each other's files; a node without the key is refused and says why.
 */
class ClosedNetworkSmokeIT {

  /** Three nodes start at once with every plugin: generous on a busy machine. */
  private static final Duration BOUND = Duration.ofSeconds(120);

  @TempDir Path temp;
  private DiztlProcesses processes;

  @BeforeEach
  void start() {
    DiztlProcesses.assertAssembled();
    processes = new DiztlProcesses(temp);
  }

  @AfterEach
  void stop() {
    processes.close();
  }

  @Test
  void nodesWithTheKeyWorkTogetherAndANodeWithoutItIsRefused() throws Exception {
    Path key = temp.resolve("office.key");
    DiztlProcesses.Result made = processes.run("key", "new", key.toString());
    assertEquals(0, made.exit(), made.err());

    int port = DiztlProcesses.freePort();
    processes.start(
        "tracker",
        "tracker",
        "--port",
        "" + port,
        "--bind",
        "127.0.0.1",
        "--network-key-file",
        key.toString());
    processes.awaitOutput(
        "tracker",
        "  network    closed: nodes also need --network-key-file with a copy of " + key,
        BOUND);
    String tracker = processes.joinAddress("tracker");

    Path shareA = Files.createDirectories(temp.resolve("share-a"));
    Files.writeString(shareA.resolve("budget 2027.txt"), "confidential\n");
    Path dataA = temp.resolve("data-a");
    Path dataB = temp.resolve("data-b");
    Path dataC = temp.resolve("data-c");
    processes.startNode(
        "node-a", shareA, dataA, tracker, "--network-key-file", key.toString(), "--no-ui");
    processes.startNode(
        "node-b",
        Files.createDirectories(temp.resolve("share-b")),
        dataB,
        tracker,
        "--network-key-file",
        key.toString(),
        "--no-ui");
    processes.startNode(
        "node-c", Files.createDirectories(temp.resolve("share-c")), dataC, tracker, "--no-ui");

    processes.awaitPeers(dataB, 2, BOUND);
    Map<String, Object> hit =
        processes.poll(
            "A's budget in B's search",
            BOUND,
            () -> processes.run("search", "budget", "--json", "--data", dataB.toString()),
            result ->
                DiztlProcesses.parseJsonLines(result.out()).stream()
                    .filter(h -> "budget 2027.txt".equals(h.get("name")))
                    .findFirst()
                    .orElse(null));
    DiztlProcesses.Result got =
        processes.run(
            "get",
            (String) hit.get("ref"),
            "--to",
            temp.resolve("got").toString(),
            "--data",
            dataB.toString());
    assertEquals(0, got.exit(), got.err());
    assertEquals(
        "confidential\n", Files.readString(temp.resolve("got").resolve("budget 2027.txt")));

    processes.poll(
        "node C's refusal in its log",
        BOUND,
        () -> {
          try {
            return processes.log("node-c");
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        log ->
            log.contains("this network needs a network key; this node gave no proof of it")
                ? log
                : null);
    DiztlProcesses.Result alone = processes.run("search", "budget", "--data", dataC.toString());
    assertTrue(
        List.of(alone.out(), alone.err()).stream()
            .anyMatch(text -> text.contains("this network needs a network key")),
        alone.out() + alone.err());
    processes.awaitPeers(dataB, 2, BOUND);
  }
}
