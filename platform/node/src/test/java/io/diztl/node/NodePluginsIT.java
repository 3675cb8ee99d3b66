package io.diztl.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.DiztlException;
import io.diztl.pluginhost.fixtures.DownloadingListener;
import io.diztl.pluginhost.fixtures.EchoMatcher;
import io.diztl.pluginhost.fixtures.HangingExtractor;
import io.diztl.pluginhost.fixtures.PluginJarBuilder;
import io.diztl.pluginhost.fixtures.Probe;
import io.diztl.pluginhost.fixtures.RecordingDownload;
import io.diztl.pluginhost.fixtures.SearchingUi;
import io.diztl.pluginhost.fixtures.ThrowingExtractor;
import io.diztl.pluginhost.fixtures.WordExtractor;
import io.diztl.proto.v1.PluginInfo;
import io.diztl.proto.v1.PluginsResponse;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchHit;
import io.diztl.proto.v1.SearchRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One real node (its tracker down) whose plugins folder changes while it runs. */
class NodePluginsIT {

  private static final String DOWN_TRACKER = "127.0.0.1:1";

  @TempDir Path root;

  private Path share;
  private Path data;
  private Path plugins;
  private Node node;
  private ControlClient control;

  @BeforeEach
  void folders() throws Exception {
    share = root.resolve("share");
    data = root.resolve("data");
    plugins = root.resolve("plugins");
    Files.createDirectories(share);
    Files.writeString(share.resolve("notes.txt"), "zebra stripes");
    Files.writeString(share.resolve("other.txt"), "lion mane");
    Files.write(share.resolve("photo.jpg"), new byte[512]);
  }

  @AfterEach
  void stop() {
    if (control != null) {
      control.close();
    }
    if (node != null) {
      node.close();
    }
  }

  private void start(Duration extractionTimeLimit) {
    node =
        Node.start(
            new NodeConfig(
                    share,
                    share.resolve("output"),
                    data,
                    "127.0.0.1",
                    0,
                    "127.0.0.1",
                    DOWN_TRACKER,
                    false)
                .withPluginsDir(plugins)
                .withExtractionTimeLimit(extractionTimeLimit));
    control = ControlClient.connect(data);
  }

  private List<SearchHit> search(String query) {
    List<SearchHit> hits = new ArrayList<>();
    control
        .search(SearchRequest.newBuilder().setQuery(query).build())
        .forEachRemaining(
            (SearchEvent event) -> {
              if (event.hasResults()) {
                hits.addAll(event.getResults().getHitsList());
              }
            });
    return hits;
  }

  private List<String> paths(String query) {
    return search(query).stream().map(SearchHit::getPath).sorted().toList();
  }

  private PluginInfo plugin(String id) {
    return control.plugins().getPluginsList().stream()
        .filter(plugin -> plugin.getId().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no plugin " + id + " in " + control.plugins()));
  }

  private static void eventually(String what, BooleanSupplier condition) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(50);
    }
  }

  private static PluginJarBuilder words() {
    return PluginJarBuilder.plugin("words")
        .description("first words")
        .extension(WordExtractor.class)
        .extension(EchoMatcher.class);
  }

  @Test
  void aPluginDroppedInMakesMetadataSearchableAndRemovingItUndoesThat() throws Exception {
    start(NodeConfig.DEFAULT_EXTRACTION_TIME_LIMIT);
    assertEquals(List.of(), paths("myfield:zebra"));
    assertEquals(plugins.toString(), control.plugins().getPluginsDir());

    Path jar = words().writeJar(plugins);

    eventually(
        "the dropped-in extractor's field is searchable", () -> !paths("myfield:zebra").isEmpty());
    SearchHit hit = search("myfield:zebra").getFirst();
    assertEquals("notes.txt", hit.getPath());
    assertEquals("zebra", hit.getMetadataMap().get("myfield"));
    assertTrue(hit.getMatchedByList().contains("myfield"), hit.getMatchedByList().toString());
    assertEquals(List.of("other.txt"), paths("myfield:lion"));
    assertEquals(List.of("other.txt"), paths("echo:other.txt"));
    PluginInfo words = plugin("words");
    assertEquals("1.0.0", words.getVersion());
    assertEquals("STARTED", words.getState());
    assertEquals("first words", words.getDescription());
    assertEquals(
        List.of(
            "extractor WordExtractor (myfield, loader)",
            "matcher echo: the file with exactly this name, e.g. echo:notes.txt"),
        words.getExtensionsList());

    Files.delete(jar);

    eventually("the removed plugin is gone", () -> control.plugins().getPluginsCount() == 0);
    eventually("its field no longer matches", () -> paths("myfield:zebra").isEmpty());
    assertEquals(List.of("notes.txt"), paths("notes"), "names are still searchable");
  }

  @Test
  void brokenThrowingAndHangingPluginsLeaveTheNodeServing() throws Exception {
    for (int i = 1; i <= 6; i++) {
      Files.writeString(share.resolve("extra" + i + ".txt"), "word" + i);
    }
    PluginJarBuilder.writeGarbage(plugins.resolve("garbage.jar"));
    PluginJarBuilder.plugin("a-throws").extension(ThrowingExtractor.class).writeJar(plugins);
    PluginJarBuilder.plugin("b-hangs").extension(HangingExtractor.class).writeJar(plugins);
    words().writeJar(plugins);

    start(Duration.ofMillis(500));

    assertEquals(List.of("notes.txt"), paths("notes"));
    assertEquals("FAILED", plugin("garbage.jar").getState());
    // Too few files to judge the throwing plugin broken: each file it failed is quarantined.
    eventually(
        "the throwing plugin's files are quarantined",
        () -> plugin("a-throws").getProblem().contains("file(s) quarantined"));
    eventually(
        "the hanging plugin waits for its abandoned call",
        () -> plugin("b-hangs").getProblem().contains("over the time limit still running"));
    assertEquals("STARTED", plugin("a-throws").getState());
    assertEquals("STARTED", plugin("b-hangs").getState());
    eventually(
        "every file is extracted by the plugin that works",
        () -> paths("myfield:word6").equals(List.of("extra6.txt")));
    assertEquals(List.of("notes.txt"), paths("myfield:zebra"));
    assertEquals(List.of(), paths("boom:x"));
    assertEquals(List.of("notes.txt"), paths("notes"));
    assertEquals(
        Map.of("myfield", "zebra", "loader", "PluginClassLoader"),
        search("myfield:zebra").getFirst().getMetadataMap());
  }

  @Test
  void aUserInterfaceSearchesAndDownloadsThroughTheNode() throws Exception {
    Probe.clear();
    PluginJarBuilder.plugin("ui-searcher")
        .extension(SearchingUi.class)
        .classes(DownloadingListener.class, RecordingDownload.class)
        .writeJar(plugins);

    start(NodeConfig.DEFAULT_EXTRACTION_TIME_LIMIT);

    eventually(
        "the interface downloaded what it found",
        () -> Probe.events().contains("downloaded notes.txt 64"));
    assertTrue(Probe.events().contains("hit notes.txt DOCUMENT"), Probe.events().toString());
    assertTrue(Probe.events().contains("finished, 1 of 1 answered"), Probe.events().toString());
    eventually(
        "the download's events reached the interface",
        () -> Probe.events().contains("event DOWNLOAD_COMPLETED"));
    assertTrue(Probe.events().contains("event DOWNLOAD_STARTED"), Probe.events().toString());
    assertEquals("zebra stripes", Files.readString(share.resolve("output/notes.txt")));
    assertEquals(List.of("ui searcher"), plugin("ui-searcher").getExtensionsList());

    eventually(
        "the downloaded file's indexing reached the interface",
        () -> Probe.events().contains("event FILE_INDEXED"));

    node.close();
    assertTrue(Probe.events().contains("searcher stopped"), Probe.events().toString());
  }

  @Test
  void anInvalidQueryFailsAtOnceWithWhereItIsWrong() {
    start(NodeConfig.DEFAULT_EXTRACTION_TIME_LIMIT);

    DiztlException e = assertThrows(DiztlException.class, () -> search("holiday size>"));

    assertEquals(
        "invalid query at character 14: expected a value after 'size>', found the end of the"
            + " query",
        e.getMessage());
    assertEquals(
        Status.Code.INVALID_ARGUMENT,
        ((StatusRuntimeException) e.getCause()).getStatus().getCode());
    PluginsResponse none = control.plugins();
    assertEquals(0, none.getPluginsCount());
  }
}
