package io.diztl.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.node.Node;
import io.diztl.node.NodeConfig;
import io.diztl.proto.Identity;
import io.diztl.proto.Transport;
import io.diztl.tracker.RoutingPolicy;
import io.diztl.tracker.TrackerConfig;
import io.diztl.tracker.TrackerServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code diztl status} against a real node in this process registered with a real tracker that
 * routes from one node on: the tracker's search mode reaches the status through its answers.
 */
class StatusCommandIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path root;

  private TrackerServer tracker;
  private Node node;

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
    if (tracker != null) {
      tracker.close();
    }
  }

  @Test
  void showsTheSearchModeTheTrackerTold() throws Exception {
    tracker =
        TrackerServer.start(
            new TrackerConfig("127.0.0.1", 0, Duration.ofSeconds(3), Duration.ofSeconds(5)),
            Transport.tls(Identity.generate()),
            Optional.empty(),
            new RoutingPolicy(1));
    Path share = root.resolve("share");
    Files.createDirectories(share);
    node =
        Node.start(
            new NodeConfig(
                share,
                root.resolve("downloads"),
                root.resolve("data"),
                "127.0.0.1",
                0,
                "127.0.0.1",
                "127.0.0.1:" + tracker.port(),
                false));

    String routed = "searches   routed by share summaries (1 node live, routing from 1)";
    String text = statusUntil(routed, "--data", root.resolve("data").toString());
    assertTrue(text.contains(routed + System.lineSeparator()), text);

    String json = status("--json", "--data", root.resolve("data").toString());
    assertTrue(json.contains("\"search_mode\":\"routed\",\"route_above\":1}"), json);
  }

  /** Runs {@code diztl status} until its output holds {@code line}, or until it stops waiting. */
  private String statusUntil(String line, String... args) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    String text = status(args);
    while (!text.contains(line) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      text = status(args);
    }
    return text;
  }

  private static String status(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] command = new String[args.length + 1];
    command[0] = "status";
    System.arraycopy(args, 0, command, 1, args.length);
    assertEquals(0, cli.execute(command), err.toString());
    return out.toString();
  }
}
