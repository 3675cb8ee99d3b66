package io.diztl.ui.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.FileType;
import io.diztl.api.ui.DownloadInfo;
import io.diztl.api.ui.DownloadSource;
import io.diztl.api.ui.DownloadState;
import io.diztl.api.ui.FolderEntry;
import io.diztl.api.ui.NodeEvent;
import io.diztl.api.ui.PluginInfo;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTML pages: what each shows, escaping, paging and the forms behind their buttons. */
class PagesIT extends ServerTestBase {

  private static final String FORM = "application/x-www-form-urlencoded";

  @Override
  void configure(FakeNode node) {
    node.peer("n1", "alpha")
        .file(
            "<script>alert(1)</script>\u202Efdp.exe",
            "x/<script>alert(1)</script>\u202Efdp.exe",
            66_000,
            "e1",
            Map.of())
        .file(
            "Kind of Blue.flac",
            "music/Kind of Blue.flac",
            312_456_789,
            "aa",
            Map.of("artist", "Miles Davis"))
        .file("zebra.jpg", "photos/zebra.jpg", 2048, "ph", Map.of())
        .file("zebra stripes.txt", "docs/zebra stripes.txt", 300, "st", Map.of())
        .snippet("content", "Why the <b>zebra</b> has \u202Estripes", "zebra");
    node.peer("n2", "beta")
        .file("Kind of Blue.flac", "jazz/Kind of Blue.flac", 312_456_789, "aa", Map.of());
    for (int n = 0; n < 10; n++) {
      FakeNode.Peer many = node.peer("m" + n, "many-" + n);
      for (int i = n * 1000; i < (n + 1) * 1000; i++) {
        many.file(String.format("bulk %05d.dat", i), "bulk/" + i, i, "", Map.of());
      }
    }
    node.plugins.put(
        "regex-names",
        new PluginInfo("regex-names", "0.1.0", "STARTED", "", List.of("matcher regex:"), ""));
    node.folders.put(
        "n1/",
        List.of(
            new FolderEntry("music", "music", true, 312_456_789, 1, FileType.OTHER, "", "", 0),
            new FolderEntry(
                "readme.txt", "readme.txt", false, 20, 1, FileType.DOCUMENT, "n1:file1", "", 0)));
  }

  @BeforeEach
  void logIn() throws Exception {
    login();
  }

  private String page(String path) throws Exception {
    HttpResponse<String> response = get(path);
    assertEquals(200, response.statusCode(), path + ": " + response.body());
    assertEquals(
        "text/html;charset=utf-8",
        response.headers().firstValue("Content-Type").orElse("").replace(" ", ""));
    return response.body();
  }

  /** Waits until the search whose page this is has ended, then returns the page again. */
  private String finished(String path) throws Exception {
    String body = page(path);
    Matcher sid = Pattern.compile("sid=([A-Za-z0-9_-]{16})").matcher(body);
    assertTrue(sid.find(), body);
    for (int i = 0; i < 100 && body.contains("sse-connect=\"/search/live"); i++) {
      Thread.sleep(50);
      body = page(path + "&sid=" + sid.group(1));
    }
    return body;
  }

  @Test
  void everyPageHasItsTitleMenuAndNoInlineScript() throws Exception {
    for (String path :
        List.of(
            "/search",
            "/browse",
            "/browse/n1",
            "/downloads",
            "/share",
            "/network",
            "/plugins",
            "/events",
            "/watches")) {
      String body = page(path);
      assertTrue(body.contains("<nav aria-label=\"Main\">"), path);
      assertTrue(body.contains("aria-current=\"page\""), path);
      assertTrue(body.contains("<h1>"), path);
      assertFalse(
          Pattern.compile("<script(?![^>]*\\ssrc=)").matcher(body).find(),
          path + " has an inline script");
      assertFalse(
          Pattern.compile("\\son[a-z]+=").matcher(body).find(), path + " has an inline handler");
      assertFalse(body.contains("style="), path + " has an inline style");
    }
    assertTrue(page("/search").contains("<input type=\"search\" name=\"q\" aria-label=\"Search\""));
  }

  @Test
  void peerSuppliedNamesAreEscapedAndOverridesShown() throws Exception {
    String body = finished("/search?q=fdp");
    assertFalse(body.contains("<script>alert(1)"), body);
    assertFalse(body.contains("\u202E"), "the override itself never reaches the page");
    assertTrue(
        body.contains(
            "&lt;script&gt;alert(1)&lt;/script&gt;<span class=\"ctl\">⟨U+202E⟩</span>fdp.exe"),
        body);
    assertTrue(body.contains("title=\"&lt;script>alert(1)&lt;/script>⟨U+202E⟩fdp.exe\""), body);
  }

  @Test
  void imagesHaveLazyThumbnailsAndTextMatchesTheirSnippets() throws Exception {
    String body = finished("/search?q=zebra");
    assertTrue(
        body.contains(
            "<img class=\"thumb\" loading=\"lazy\" src=\"/api/v1/preview?ref=n1%3Afile2\""
                + " alt=\"\">"),
        body);
    assertEquals(1, count(body, "<img "), "only the image has a thumbnail: " + body);
    assertTrue(
        body.contains(
            "<p class=\"snippet\">Why the &lt;b&gt;<mark>zebra</mark>&lt;/b&gt; has <span"
                + " class=\"ctl\">⟨U+202E⟩</span>stripes</p>"),
        body);
  }

  @Test
  void resultsAreGroupedByHashAndMarked() throws Exception {
    String body = finished("/search?q=blue");
    assertTrue(body.contains("data-sha256=\"aa\""), body);
    assertTrue(body.contains("2 nodes have it"), body);
    assertEquals(1, count(body, "<tr class=\"hit\""), body);
    assertTrue(body.contains("Miles Davis"), body);
    assertTrue(body.contains("id=\"search-summary\""));
    assertTrue(body.contains("12 nodes asked: 12 answered, 0 failed, 0 timed out"), body);
    assertTrue(body.contains("alpha: answered in"), body);
    assertTrue(body.contains("title=\"312,456,789 bytes\">298 MiB<"), body);
  }

  @Test
  void tenThousandResultsArePagedOnTheServer() throws Exception {
    String body = finished("/search?q=bulk&limit=1000");
    assertEquals(Pages.PAGE_SIZE, count(body, "<tr class=\"hit\""));
    assertTrue(body.contains("10,000 results in 10,000 groups"), body);
    assertTrue(body.contains("rel=\"next\""), body);
    assertTrue(body.contains("&amp;page=200\">200</a>"), body);
    assertTrue(body.length() < 120_000, "page of " + body.length() + " characters");
    String sid = body.replaceFirst("(?s).*sid=([A-Za-z0-9_-]{16}).*", "$1");
    String last = page("/search?q=bulk&limit=1000&sid=" + sid + "&sort=name&dir=asc&page=200");
    assertEquals(Pages.PAGE_SIZE, count(last, "<tr class=\"hit\""));
    assertTrue(last.contains("bulk 09999.dat"), last);
    assertTrue(last.contains("aria-current=\"page\" class=\"current\">200<"), last);
    assertEquals(1, node.queries.size(), "paging reuses the search");
    String bySize = page("/search?q=bulk&limit=1000&sid=" + sid + "&sort=size&dir=desc&page=1");
    assertTrue(
        bySize.indexOf("bulk 09999.dat") < bySize.indexOf("bulk 09998.dat"), "largest first");
  }

  @Test
  void badQueriesShowTheMessageInAnAlert() throws Exception {
    HttpResponse<String> response = get("/search?q=blue+(x");
    assertEquals(400, response.statusCode());
    assertTrue(
        response
            .body()
            .contains(
                "<p role=\"alert\" class=\"error\">invalid query at character 6: '(' without"
                    + " ')'</p>"),
        response.body());
  }

  @Test
  void historyKeepsTheLastQueries() throws Exception {
    page("/search?q=first");
    page("/search?q=second&type=audio");
    String body = page("/search");
    assertTrue(body.contains("Recent searches"), body);
    assertTrue(body.indexOf("second") < body.indexOf("first"), "newest first");
    assertTrue(body.contains("href=\"/search?q=second&amp;type=audio\""), body);
  }

  @Test
  void downloadButtonsQueueAndTheTableShowsStates() throws Exception {
    HttpResponse<String> queued =
        request(
            "POST",
            "/ui/downloads",
            "ref=n1%3Afile1",
            "Origin",
            origin(),
            "Content-Type",
            FORM,
            "HX-Request",
            "true");
    assertEquals(200, queued.statusCode(), queued.body());
    assertTrue(queued.body().contains("queued"), queued.body());
    String id = node.downloads().getFirst().id();
    String body = page("/downloads");
    assertTrue(body.contains("<tr data-download-id=\"" + id + "\""), body);
    assertTrue(body.contains("<td class=\"state\">queued</td>"), body);
    assertTrue(body.contains(">Cancel</button>"), body);

    HttpResponse<String> cancelled =
        request(
            "POST",
            "/ui/downloads/" + id + "/cancel",
            "",
            "Origin",
            origin(),
            "HX-Request",
            "true");
    assertEquals(204, cancelled.statusCode());
    assertTrue(page("/downloads").contains(">Retry</button>"));
    node.update(id, d -> FakeNode.withState(d, DownloadState.FAILED, "beta went away"));
    String failed = page("/downloads");
    assertTrue(
        failed.contains("<td class=\"state\">failed</td>") && failed.contains("beta went away"),
        failed);
    HttpResponse<String> plain =
        request("POST", "/ui/downloads/" + id + "/retry", "", "Origin", origin());
    assertEquals(303, plain.statusCode());
    assertEquals(DownloadState.QUEUED, node.downloads.get(id).state());
    assertEquals(
        404, request("POST", "/ui/downloads/nope/retry", "", "Origin", origin()).statusCode());
    assertTrue(finished("/search?q=kind").contains("downloads\">queued</a>"));
  }

  @Test
  void pauseAndResumeButtonsAndTheSourcesOfEachDownload() throws Exception {
    String id = node.startDownload("n1:file1").id();
    node.update(
        id,
        d ->
            new DownloadInfo(
                d.id(),
                d.ref(),
                d.name(),
                d.sourceNodeId(),
                "alpha",
                DownloadState.RUNNING,
                1000,
                4000,
                500,
                d.started(),
                null,
                "",
                "",
                "",
                3));
    String fromOne = page("/downloads");
    assertTrue(fromOne.contains("and 2 more"), "sources not listed yet: " + fromOne);
    node.update(
        id,
        d ->
            new DownloadInfo(
                d.id(),
                d.ref(),
                d.name(),
                d.sourceNodeId(),
                d.sourceNodeName(),
                d.state(),
                d.received(),
                d.total(),
                d.bytesPerSecond(),
                d.started(),
                null,
                "",
                "",
                "",
                3,
                List.of(
                    new DownloadSource("n1", "alpha", 3 << 20),
                    new DownloadSource("n2", "beta", 2048, 1, false),
                    new DownloadSource("n3", "", 0, 3, true))));
    String running = page("/downloads");
    assertTrue(running.contains("id=\"pause-" + id + "\""), running);
    // Live updates replace the rows every second: the buttons stay the same elements.
    assertTrue(running.contains("id=\"pause-form-" + id + "\" hx-preserve"), running);
    assertFalse(running.contains("id=\"resume-" + id + "\""), running);
    assertTrue(running.contains("<td class=\"num sources-count\">3</td>"), running);
    Matcher sources = Pattern.compile("<li data-source-node=\"(\\w+)\">").matcher(running);
    List<String> listed = sources.results().map(m -> m.group(1)).toList();
    assertEquals(List.of("n1", "n2", "n3"), listed, running);
    assertTrue(running.contains(">alpha<") && running.contains(">3.0 MiB<"), running);
    assertTrue(running.contains(">beta<") && running.contains(">2.0 KiB<"), running);
    assertTrue(running.contains("struck, 1 bad piece<"), running);
    assertTrue(running.contains("class=\"source-health dropped\""), running);
    assertFalse(running.contains("struck, 3 bad pieces"), running);

    HttpResponse<String> paused =
        request(
            "POST", "/ui/downloads/" + id + "/pause", "", "Origin", origin(), "HX-Request", "true");
    assertEquals(204, paused.statusCode());
    assertEquals(DownloadState.PAUSED, node.downloads.get(id).state());
    String pausedPage = page("/downloads");
    assertTrue(pausedPage.contains("id=\"resume-" + id + "\""), pausedPage);
    assertFalse(pausedPage.contains("id=\"pause-" + id + "\""), pausedPage);

    assertEquals(
        303,
        request("POST", "/ui/downloads/" + id + "/resume", "", "Origin", origin()).statusCode());
    assertEquals(DownloadState.QUEUED, node.downloads.get(id).state());
    node.update(
        id,
        d -> FakeNode.withState(d, DownloadState.QUEUED, "no node that has the content answers"));
    assertTrue(page("/downloads").contains("no node that has the content answers"));
  }

  @Test
  void emptyStates() throws Exception {
    assertTrue(page("/downloads").contains("No downloads"));
    assertTrue(page("/events").contains("No events yet"));
    assertTrue(finished("/search?q=nothingmatches").contains("No results"));
  }

  @Test
  void browseWalksFoldersAndQueuesFolders() throws Exception {
    String body = page("/browse");
    assertTrue(body.contains("href=\"/browse/n1\""), body);
    String root = page("/browse/n1");
    assertTrue(root.contains("href=\"/browse/n1?path=music\""), root);
    assertTrue(root.contains("data-ref=\"n1:file1\""), root);
    assertTrue(root.contains("Download this folder"), root);
    assertEquals(404, get("/browse/n9").statusCode());
    node.folders.put(
        "n1/music",
        List.of(
            new FolderEntry(
                "Kind of Blue.flac",
                "music/Kind of Blue.flac",
                false,
                1,
                1,
                FileType.AUDIO,
                "n1:file1",
                "aa",
                0)));
    HttpResponse<String> queued =
        request(
            "POST",
            "/ui/folder-downloads",
            "nodeId=n1&path=music",
            "Origin",
            origin(),
            "Content-Type",
            FORM,
            "HX-Request",
            "true");
    assertTrue(queued.body().contains("1 download queued"), queued.body());
  }

  @Test
  void pluginsAreSwitchedFromThePage() throws Exception {
    assertTrue(page("/plugins").contains(">Disable</button>"));
    HttpResponse<String> response =
        request("POST", "/ui/plugins/regex-names/disable", "", "Origin", origin());
    assertEquals(303, response.statusCode());
    assertEquals("DISABLED", node.plugins.get("regex-names").state());
    assertTrue(page("/plugins").contains(">Enable</button>"));
  }

  @Test
  void eventsAndSharePagesShowTheNode() throws Exception {
    node.emit(NodeEvent.Kind.FILE_INDEXED, "a/b.txt", "indexed a/b.txt");
    String events = page("/events");
    assertTrue(events.contains("data-event-id=\"1\""), events);
    assertTrue(events.contains("file indexed"), events);
    assertTrue(events.contains("sse-connect=\"/events/live?after=1\""), events);
    String share = page("/share");
    assertTrue(share.contains("1,200 files") && share.contains("75%"), share);
    assertTrue(share.contains("40 files waiting"), "the extraction's backlog: " + share);
    String network = page("/network");
    assertTrue(network.contains("127.0.0.1:50036") && network.contains("connected"), network);
  }

  @Test
  void assetsAreServedFromThePluginWithLongCaching() throws Exception {
    String body = page("/search");
    Matcher css = Pattern.compile("href=\"(/assets/app\\.css\\?v=[0-9a-f]+)\"").matcher(body);
    assertTrue(css.find(), body);
    HttpResponse<String> sheet = get(css.group(1));
    assertEquals(200, sheet.statusCode());
    assertTrue(sheet.headers().firstValue("Content-Type").orElse("").startsWith("text/css"));
    assertTrue(sheet.headers().firstValue("Cache-Control").orElse("").contains("immutable"));
    for (String script : List.of("htmx.min.js", "sse.js", "app.js")) {
      assertTrue(body.contains("src=\"/assets/" + script + "?v="), script);
    }
    cookie = null;
    assertEquals(200, get("/assets/htmx.min.js").statusCode(), "assets need no login");
    assertEquals(404, get("/assets/../pom.xml").statusCode());
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }
}
