package io.diztl.ui.web;

import io.diztl.api.FileType;
import io.diztl.api.ui.DownloadInfo;
import io.diztl.api.ui.DownloadSource;
import io.diztl.api.ui.DownloadState;
import io.diztl.api.ui.FolderEntry;
import io.diztl.api.ui.NodeEvent;
import io.diztl.api.ui.PluginInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Runs the web UI over a fake network with sample data, to look at the pages in a browser: {@code
 * java -cp ... io.diztl.ui.web.DemoServer [port]}. Prints 40 one-time login addresses, then runs
 * until killed.
 */
final class DemoServer {

  private DemoServer() {}

  public static void main(String[] args) throws Exception {
    Path data = Files.createTempDirectory("diztl-ui-demo");
    FakeNode node = new FakeNode(data);
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 7410;
    node.settings =
        new io.diztl.api.ui.UiSettings("127.0.0.1", port, java.util.Optional.empty(), data, true);
    String running = sample(node);
    WebServer server =
        WebServer.start(node, node.settings, DemoServer.class.getClassLoader(), Clock.systemUTC());
    node.emit(
        NodeEvent.Kind.TRACKER, "127.0.0.1:50036", "connected to the tracker 127.0.0.1:50036");
    node.emit(NodeEvent.Kind.PLUGIN, "audio-tags", "plugin audio-tags started");
    node.emit(
        NodeEvent.Kind.FILE_INDEXED, "music/Kind of Blue.flac", "indexed music/Kind of Blue.flac");
    node.emit(NodeEvent.Kind.FILE_INDEXED, "x/evil\u202Efdp.exe", "indexed x/evil\u202Efdp.exe");
    node.emit(
        NodeEvent.Kind.DOWNLOAD_FAILED,
        "c0ffee00-gamma:file1",
        "download of Blue Velvet (1986).mkv failed: gamma stopped answering");
    Thread.ofVirtual()
        .start(
            () -> {
              for (int tick = 0; ; tick++) {
                try {
                  Thread.sleep(1000);
                } catch (InterruptedException e) {
                  return;
                }
                node.update(
                    running,
                    d -> fromThree(d, Math.min(d.total(), d.received() + d.bytesPerSecond())));
                if (tick % 5 == 4) {
                  node.emit(
                      NodeEvent.Kind.FILE_INDEXED,
                      "photos/img_" + tick + ".jpg",
                      "indexed photos/img_" + tick + ".jpg");
                }
              }
            });
    for (int i = 0; i < 40; i++) {
      System.out.println(server.loginUrl());
    }
    System.out.flush();
    Thread.currentThread().join();
  }

  /** Fills the node; returns the id of the running download. */
  static String sample(FakeNode node) {
    FakeNode.Peer alpha = node.peer("7f3a9c2e-alpha", "alpha-laptop");
    FakeNode.Peer beta = node.peer("b81d04aa-beta", "beta-nas");
    FakeNode.Peer gamma = node.peer("c0ffee00-gamma", "gamma (slow link)");
    alpha
        .file(
            "Kind of Blue.flac",
            "music/Miles Davis/Kind of Blue.flac",
            312_456_789,
            "aa01",
            Map.of("artist", "Miles Davis", "album", "Kind of Blue", "year", "1959"))
        .file(
            "Blue Train.mp3",
            "music/John Coltrane/Blue Train.mp3",
            10_485_760,
            "aa02",
            Map.of("artist", "John Coltrane", "duration", "643"))
        .file(
            "holiday-2019-beach-panorama-with-a-very-long-file-name-that-goes-on-and-on.jpg",
            "photos/2019/holiday/holiday-2019-beach-panorama-with-a-very-long-file-name-that-goes-on-and-on.jpg",
            5_242_880,
            "",
            Map.of("camera", "Canon EOS 80D", "taken", "2019-07-14"))
        .file(
            "<script>alert(1)</script>\u202Efdp.exe",
            "downloads/<script>alert(1)</script>\u202Efdp.exe",
            66_000,
            "ee01",
            Map.of())
        .file(
            "blue report.pdf",
            "docs/blue report.pdf",
            1_234_567,
            "aa03",
            Map.of("pages", "42", "author", "Ana Silva"));
    beta.file(
            "Kind of Blue.flac",
            "Media/Jazz/Kind of Blue.flac",
            312_456_789,
            "aa01",
            Map.of("artist", "Miles Davis"))
        .file("blue report.pdf", "work/blue report.pdf", 1_234_567, "aa03", Map.of("pages", "42"));
    gamma
        .file("Kind of Blue.flac", "jazz/Kind of Blue.flac", 312_456_789, "aa01", Map.of())
        .file(
            "Blue Velvet (1986).mkv",
            "films/Blue Velvet (1986).mkv",
            4_500_000_000L,
            "aa09",
            Map.of("duration", "7200"));
    gamma.delayMillis = 2500;
    for (int i = 0; i < 120; i++) {
      beta.file(
          String.format("blue sample %03d.wav", i),
          String.format("samples/blue sample %03d.wav", i),
          100_000L * i,
          "s" + i,
          Map.of());
    }
    node.plugins.put(
        "audio-tags",
        new PluginInfo(
            "audio-tags",
            "0.1.0-SNAPSHOT",
            "STARTED",
            "Audio tags: title, artist, album, year, genre, duration",
            List.of("extractor title", "extractor artist", "extractor duration"),
            ""));
    node.plugins.put(
        "regex-names",
        new PluginInfo(
            "regex-names",
            "0.1.0-SNAPSHOT",
            "DISABLED",
            "regex: names matching a regular expression",
            List.of("matcher regex:"),
            "disabled in disabled.txt"));
    node.plugins.put(
        "broken.jar",
        new PluginInfo(
            "broken.jar", "", "FAILED", "", List.of(), "not a plugin: no plugin.properties"));
    node.plugins.put(
        "ui-web",
        new PluginInfo(
            "ui-web", "0.1.0-SNAPSHOT", "STARTED", "Web interface", List.of("ui web"), ""));
    node.folders.put(
        "7f3a9c2e-alpha/",
        List.of(
            new FolderEntry(
                "docs", "docs", true, 1_234_567, 1, FileType.OTHER, "", "", 1_700_000_000_000L),
            new FolderEntry(
                "music", "music", true, 322_942_549, 2, FileType.OTHER, "", "", 1_700_000_000_000L),
            new FolderEntry(
                "photos", "photos", true, 5_242_880, 1, FileType.OTHER, "", "", 1_700_000_000_000L),
            new FolderEntry(
                "readme.txt",
                "readme.txt",
                false,
                2_000,
                1,
                FileType.DOCUMENT,
                "7f3a9c2e-alpha:file0",
                "aa01",
                1_700_000_000_000L)));
    node.folders.put(
        "7f3a9c2e-alpha/music",
        List.of(
            new FolderEntry(
                "John Coltrane",
                "music/John Coltrane",
                true,
                10_485_760,
                1,
                FileType.OTHER,
                "",
                "",
                1_700_000_000_000L),
            new FolderEntry(
                "Miles Davis",
                "music/Miles Davis",
                true,
                312_456_789,
                1,
                FileType.OTHER,
                "",
                "",
                1_700_000_000_000L)));
    node.folders.put(
        "7f3a9c2e-alpha/music/Miles Davis",
        List.of(
            new FolderEntry(
                "Kind of Blue.flac",
                "music/Miles Davis/Kind of Blue.flac",
                false,
                312_456_789,
                1,
                FileType.AUDIO,
                "7f3a9c2e-alpha:file0",
                "aa01",
                1_700_000_000_000L)));
    var d1 = node.startDownload("7f3a9c2e-alpha:file0");
    node.update(
        d1.id(), d -> fromThree(FakeNode.withState(d, DownloadState.RUNNING, ""), 120_000_000));
    var d2 = node.startDownload("b81d04aa-beta:file1");
    node.update(d2.id(), d -> FakeNode.withState(d, DownloadState.DONE, ""));
    var d3 = node.startDownload("c0ffee00-gamma:file1");
    node.update(
        d3.id(),
        d ->
            FakeNode.withState(
                d,
                DownloadState.FAILED,
                "gamma (slow link) stopped answering after 3 retries (UNAVAILABLE)"));
    node.startDownload("7f3a9c2e-alpha:file1");
    return d1.id();
  }

  /** The download at {@code received} bytes, fetched from three nodes at 8 MiB/s together. */
  private static DownloadInfo fromThree(DownloadInfo d, long received) {
    return new DownloadInfo(
        d.id(),
        d.ref(),
        d.name(),
        d.sourceNodeId(),
        d.sourceNodeName(),
        d.state(),
        received,
        d.total(),
        8_400_000,
        d.started(),
        null,
        "",
        "",
        "",
        3,
        List.of(
            new DownloadSource(d.sourceNodeId(), d.sourceNodeName(), received / 2),
            new DownloadSource("b81d04aa-beta", "beta-nas", received * 3 / 10),
            new DownloadSource(
                "c0ffee00-gamma",
                "gamma (slow link)",
                received - received / 2 - received * 3 / 10,
                1,
                false)));
  }
}
