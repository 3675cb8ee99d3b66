package io.diztl.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.proto.v1.FileType;
import io.diztl.proto.v1.Mark;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.NodeResults;
import io.diztl.proto.v1.PluginInfo;
import io.diztl.proto.v1.PluginsResponse;
import io.diztl.proto.v1.SearchHit;
import io.diztl.proto.v1.SearchMode;
import io.diztl.proto.v1.SearchRouting;
import io.diztl.proto.v1.SearchSummary;
import io.diztl.proto.v1.Snippet;
import io.diztl.proto.v1.StatusResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The human-readable outputs: search table and summary, status, plugins. */
class OutputFormatTest {

  @Test
  void summarisesHowTheNodesFared() {
    SearchSummary all = SearchSummary.newBuilder().setNodes(3).setAnswered(3).build();
    assertEquals(
        "5 results from 3 of 3 nodes (0 failed, 0 timed out)", SearchCommand.describe(5, all));
    SearchSummary some =
        SearchSummary.newBuilder()
            .setNodes(1)
            .setAnswered(0)
            .setFailed(1)
            .setNote("tracker unreachable: local results only")
            .build();
    assertEquals(
        "1 result from 0 of 1 node (1 failed, 0 timed out): tracker unreachable: local results"
            + " only",
        SearchCommand.describe(1, some));
    SearchSummary routed =
        SearchSummary.newBuilder().setNodes(2).setAnswered(2).setNotAsked(7).build();
    assertEquals(
        "2 results from 2 of 2 nodes (0 failed, 0 timed out, 7 not asked)",
        SearchCommand.describe(2, routed));
  }

  @Test
  void alignsTheTableAndWidensItForLaterNodes() {
    StringWriter text = new StringWriter();
    HitTable table = new HitTable(new PrintWriter(text), false);
    NodeInfo laptop =
        NodeInfo.newBuilder().setNodeId("synw3u7n4pfy5s5kzpli3ycazub").setName("laptop").build();
    NodeInfo unnamed = NodeInfo.newBuilder().setNodeId("hnsnxfolkxdwgoi4obyqqse24eh").build();
    table.print(
        NodeResults.newBuilder()
            .setNode(laptop)
            .addHits(hit("11111111", "a.jpg", 3_145_728, FileType.FILE_TYPE_IMAGE))
            .build());
    table.print(NodeResults.newBuilder().setNode(unnamed).build());
    table.print(
        NodeResults.newBuilder()
            .setNode(unnamed)
            .addHits(hit("22222222", "x".repeat(50) + ".txt", 12, FileType.FILE_TYPE_DOCUMENT))
            .build());
    String nl = System.lineSeparator();
    assertEquals(
        "REF                                   NAME      SIZE  TYPE   NODE    PATH"
            + nl
            + "synw3u7n4pfy5s5kzpli3ycazub:11111111  a.jpg  3.0 MiB  image  laptop  dir/a.jpg"
            + nl
            + "hnsnxfolkxdwgoi4obyqqse24eh:22222222  "
            + "x".repeat(37)
            + "...     12 B  document  hnsnxfol  dir/"
            + "x".repeat(50)
            + ".txt"
            + nl,
        text.toString());
  }

  @Test
  void showsMetadataAndWhatMatchedOnAnIndentedLine() {
    StringWriter text = new StringWriter();
    NodeInfo laptop =
        NodeInfo.newBuilder().setNodeId("synw3u7n4pfy5s5kzpli3ycazub").setName("laptop").build();
    SearchHit song =
        hit("11111111", "so_what.mp3", 2048, FileType.FILE_TYPE_AUDIO).toBuilder()
            .putMetadata("artist", "Miles Davis")
            .putMetadata("album", "Kind of Blue")
            .addMatchedBy("artist")
            .build();
    SearchHit named =
        hit("22222222", "miles.txt", 12, FileType.FILE_TYPE_DOCUMENT).toBuilder()
            .addMatchedBy("name")
            .build();

    new HitTable(new PrintWriter(text), false)
        .print(NodeResults.newBuilder().setNode(laptop).addHits(song).addHits(named).build());

    List<String> lines = text.toString().lines().toList();
    assertEquals(4, lines.size(), text.toString());
    assertEquals(
        "  artist: Miles Davis \u00b7 album: Kind of Blue \u00b7 matched: artist", lines.get(2));
    assertEquals(
        true,
        lines.get(3).startsWith("synw3u7n4pfy5s5kzpli3ycazub:22222222  miles.txt"),
        lines.get(3));
  }

  @Test
  void showsTheBestSnippetWithItsMatchedWordsInBracketsOrInBold() {
    SearchHit report =
        hit("33333333", "report.pdf", 4096, FileType.FILE_TYPE_DOCUMENT).toBuilder()
            .addMatchedBy("content")
            .addSnippets(snippet("The zebrafish manifesto, by zebra\u202e people", 4, 13, 28, 33))
            .addSnippets(snippet("second best", 0, 6))
            .build();
    NodeInfo laptop =
        NodeInfo.newBuilder().setNodeId("synw3u7n4pfy5s5kzpli3ycazub").setName("laptop").build();

    StringWriter plain = new StringWriter();
    new HitTable(new PrintWriter(plain), false)
        .print(NodeResults.newBuilder().setNode(laptop).addHits(report).build());
    StringWriter terminal = new StringWriter();
    new HitTable(new PrintWriter(terminal), true)
        .print(NodeResults.newBuilder().setNode(laptop).addHits(report).build());

    List<String> lines = plain.toString().lines().toList();
    assertEquals(4, lines.size(), plain.toString());
    assertEquals("  matched: content", lines.get(2));
    assertEquals("  content: The [zebrafish] manifesto, by [zebra]\\u202E people", lines.get(3));
    assertEquals(
        "  content: The \u001b[1mzebrafish\u001b[22m manifesto, by \u001b[1mzebra\u001b[22m"
            + "\\u202E people",
        terminal.toString().lines().toList().get(3));
  }

  private static Snippet snippet(String text, int... marks) {
    Snippet.Builder snippet = Snippet.newBuilder().setField("content").setText(text);
    for (int i = 0; i < marks.length; i += 2) {
      snippet.addMarks(Mark.newBuilder().setStart(marks[i]).setEnd(marks[i + 1]));
    }
    return snippet.build();
  }

  @Test
  void listsPluginsWithTheirExtensionsAndProblems() {
    PluginsResponse plugins =
        PluginsResponse.newBuilder()
            .setPluginsDir("/opt/diztl/plugins")
            .addPlugins(
                PluginInfo.newBuilder()
                    .setId("diztl-extractor-audio")
                    .setVersion("0.1.0")
                    .setState("STARTED")
                    .addExtensions("extractor AudioTags (title, artist)")
                    .addExtensions("matcher fuzzy: names within two edits"))
            .addPlugins(
                PluginInfo.newBuilder()
                    .setId("broken.jar")
                    .setState("FAILED")
                    .setProblem("cannot load broken.jar: it is not a readable jar or zip file"))
            .build();

    assertEquals(
        String.join(
            System.lineSeparator(),
            "ID                     VERSION  STATE    EXTENSIONS",
            "diztl-extractor-audio  0.1.0    STARTED  extractor AudioTags (title, artist)",
            "                                         matcher fuzzy: names within two edits",
            "broken.jar             -        FAILED   -",
            "",
            "problems:",
            "  broken.jar: cannot load broken.jar: it is not a readable jar or zip file",
            "",
            "plugins folder /opt/diztl/plugins",
            "(copy a plugin in to load it, delete it to unload it; disable one by listing its id in"
                + " disabled.txt there)",
            ""),
        PluginsCommand.describe(plugins));
    assertEquals(
        true,
        PluginsCommand.describe(PluginsResponse.newBuilder().setPluginsDir("/p").build())
            .startsWith("no plugins" + System.lineSeparator()));
    StringWriter json = new StringWriter();
    PluginsCommand.writeJson(plugins, json);
    assertEquals(
        true,
        json.toString()
            .startsWith(
                "{\"plugins_dir\":\"/opt/diztl/plugins\",\"plugins\":[{\"id\":\"diztl-extractor-audio\","
                    + "\"version\":\"0.1.0\",\"state\":\"STARTED\",\"description\":\"\",\"extensions\":[\"extractor"
                    + " AudioTags (title, artist)\","),
        json.toString());
  }

  private static SearchHit hit(String id, String name, long size, FileType type) {
    return SearchHit.newBuilder()
        .setFileId(id)
        .setName(name)
        .setPath("dir/" + name)
        .setSize(size)
        .setType(type)
        .build();
  }

  @Test
  void writesTheNodeStatusAsOneJsonObject() {
    StatusResponse status =
        StatusResponse.newBuilder()
            .setNodeId("synw3u7n4pfy5s5kzpli3ycazub")
            .setTracker("127.0.0.1:7400")
            .setTrackerConnected(true)
            .setFilesIndexed(4)
            .setBytesIndexed(3 * 1024 * 1024)
            .setFilesHashed(3)
            .setPeersOnline(-1)
            .setShareDir("/home/me/Ünïcode")
            .setDownloadsDir("/home/me/share/output")
            .setPort(7401)
            .build();
    StringWriter out = new StringWriter();
    StatusCommand.writeJson(status, out);
    assertEquals(
        "{\"node\":\"synw3u7n4pfy5s5kzpli3ycazub\",\"tracker\":\"127.0.0.1:7400\",\"tracker_connected\":true,"
            + "\"embedded_tracker\":false,\"files_indexed\":4,\"bytes_indexed\":3145728,"
            + "\"files_hashed\":3,\"files_awaiting_metadata\":0,\"scanning\":false,\"files_scanned\":0,"
            + "\"peers_online\":null,\"share\":\"/home/me/\\u00DCn\\u00EFcode\","
            + "\"downloads\":\"/home/me/share/output\",\"port\":7401,"
            + "\"search_mode\":null,\"route_above\":null}",
        out.toString());
    StringWriter routed = new StringWriter();
    StatusCommand.writeJson(
        status.toBuilder().setTrackerSearchRouting(routing(SearchMode.SEARCH_MODE_ROUTED)).build(),
        routed);
    assertTrue(
        routed.toString().endsWith(",\"search_mode\":\"routed\",\"route_above\":500}"),
        routed.toString());
    StringWriter broadcast = new StringWriter();
    StatusCommand.writeJson(
        status.toBuilder()
            .setTrackerSearchRouting(routing(SearchMode.SEARCH_MODE_BROADCAST))
            .build(),
        broadcast);
    assertTrue(
        broadcast.toString().endsWith(",\"search_mode\":\"broadcast\",\"route_above\":500}"),
        broadcast.toString());
  }

  private static SearchRouting routing(SearchMode mode) {
    return SearchRouting.newBuilder().setMode(mode).setLiveNodes(1234).setRouteAbove(500).build();
  }

  @Test
  void describesTheNodeStatus() {
    StatusResponse status =
        StatusResponse.newBuilder()
            .setNodeId("synw3u7n4pfy5s5kzpli3ycazub")
            .setTracker("127.0.0.1:7400")
            .setTrackerConnected(true)
            .setEmbeddedTracker(true)
            .setFilesIndexed(4)
            .setBytesIndexed(3 * 1024 * 1024)
            .setFilesHashed(3)
            .setFilesAwaitingMetadata(2)
            .setPeersOnline(2)
            .setTrackerSearchRouting(routing(SearchMode.SEARCH_MODE_ROUTED))
            .setShareDir("/home/me/share")
            .setDownloadsDir("/home/me/share/output")
            .setPort(7401)
            .build();
    assertEquals(
        String.join(
            System.lineSeparator(),
            "node       synw3u7n4pfy5s5kzpli3ycazub",
            "tracker    127.0.0.1:7400, connected, embedded (run by this node)",
            "files      4 indexed, 3.0 MiB",
            "hashed     3 of 4 (75%)",
            "metadata   2 files waiting for extraction",
            "peers      2 online",
            "searches   routed by share summaries (1,234 nodes live, routing from 500)",
            "share      /home/me/share",
            "downloads  /home/me/share/output",
            "port       7401",
            ""),
        StatusCommand.describe(status));
    String lonely =
        StatusCommand.describe(
            status.toBuilder()
                .setTrackerConnected(false)
                .setEmbeddedTracker(false)
                .setPeersOnline(-1)
                .setFilesIndexed(0)
                .setFilesHashed(0)
                .setFilesAwaitingMetadata(0)
                .build());
    assertEquals(true, lonely.contains("metadata   extracted" + System.lineSeparator()), lonely);
    assertEquals(
        true,
        lonely.contains("tracker    127.0.0.1:7400, not connected" + System.lineSeparator()),
        lonely);
    assertEquals(true, lonely.contains("hashed     0 of 0" + System.lineSeparator()), lonely);
    assertEquals(true, lonely.contains("peers      unknown" + System.lineSeparator()), lonely);
    assertTrue(
        lonely.contains("searches   unknown (tracker not connected)" + System.lineSeparator()),
        lonely);
    String small =
        StatusCommand.describe(
            status.toBuilder()
                .setTrackerSearchRouting(
                    routing(SearchMode.SEARCH_MODE_BROADCAST).toBuilder().setLiveNodes(12))
                .build());
    assertTrue(
        small.contains(
            "searches   sent to every node (12 nodes live, routing from 500)"
                + System.lineSeparator()),
        small);
    String oldTracker =
        StatusCommand.describe(status.toBuilder().clearTrackerSearchRouting().build());
    assertTrue(
        oldTracker.contains(
            "searches   unknown (the tracker does not tell: older than 0.3)"
                + System.lineSeparator()),
        oldTracker);
    String scanning =
        StatusCommand.describe(
            status.toBuilder().setScanning(true).setFilesScanned(51_000).build());
    assertEquals(
        true,
        scanning.contains(
            "files      4 indexed, 3.0 MiB, scanning the share: 51000 files seen so far"
                + System.lineSeparator()),
        scanning);
  }
}
