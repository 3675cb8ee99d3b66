package io.diztl.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.node.Node;
import io.diztl.node.NodeConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code diztl browse} against a real node in this process, listing its own share: needs the peer
 * service's {@code ListFolder}, and fails saying so while that is missing.
 */
class BrowseCommandIT {

  @TempDir Path root;

  private Node node;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void start() throws Exception {
    Path share = root.resolve("share");
    Files.createDirectories(share.resolve("music"));
    Files.writeString(share.resolve("music/so what.mp3"), "la la la");
    Files.writeString(share.resolve("evil\u202Egpj.exe"), "boo");
    node =
        Node.start(
            new NodeConfig(
                share,
                root.resolve("downloads"),
                root.resolve("data"),
                "127.0.0.1",
                0,
                "127.0.0.1",
                "127.0.0.1:1",
                false));
    assertTrue(node.awaitIndexIdle(Duration.ofSeconds(30)));
  }

  @AfterEach
  void stop() {
    node.close();
  }

  @Test
  void listsTheShareOfANodeGivenByItsWholeId() {
    int exit = run("browse", node.id(), "--data", root.resolve("data").toString());

    assertEquals(0, exit, err.toString());
    List<String> lines = out.toString().lines().toList();
    assertTrue(lines.get(0).startsWith("NAME"), out.toString());
    assertTrue(lines.get(1).startsWith("music/"), out.toString());
    assertTrue(lines.get(2).startsWith("evil\\u202Egpj.exe"), "escaped: " + out);
    assertTrue(lines.get(2).contains(node.id() + ":"), out.toString());
    assertTrue(err.toString().strip().matches("1 folder, 1 file in .+:/"), err.toString());
  }

  @Test
  void jsonHasOneObjectPerEntry() {
    int exit =
        run("browse", node.id(), "music", "--json", "--data", root.resolve("data").toString());

    assertEquals(0, exit, err.toString());
    List<String> lines = out.toString().lines().toList();
    assertEquals(1, lines.size(), out.toString());
    assertTrue(lines.getFirst().contains("\"name\":\"so what.mp3\""), lines.getFirst());
    assertTrue(lines.getFirst().contains("\"folder\":false"), lines.getFirst());
  }

  @Test
  void aNameNeedsTheTrackerToSayWhoIsOnline() {
    int exit = run("browse", "alice", "--data", root.resolve("data").toString());

    assertEquals(1, exit);
    assertTrue(err.toString().contains("tracker 127.0.0.1:1 unreachable"), err.toString());
  }

  private int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    if (err.toString().contains("Peer/ListFolder")) {
      throw new AssertionError(
          "the peer service does not implement Peer.ListFolder yet: " + err.toString().strip());
    }
    return exit;
  }
}
