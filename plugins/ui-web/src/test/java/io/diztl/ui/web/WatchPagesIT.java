package io.diztl.ui.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.SearchQuery;
import io.diztl.api.ui.NetworkHit;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Watches page, its forms, its live matches and the count of new matches in the menu. */
class WatchPagesIT extends ServerTestBase {

  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String HOSTILE = "<img src=x onerror=alert(1)>\u202Efdp.exe";

  private NetworkHit sunset;
  private NetworkHit hostile;

  @Override
  void configure(FakeNode node) {
    FakeNode.Peer alpha =
        node.peer("n1", "alpha")
            .file("sunset.jpg", "pics/sunset.jpg", 2048, "aa11", Map.of())
            .file(HOSTILE, "x/" + HOSTILE, 10, "bb22", Map.of());
    sunset = alpha.files.get(0);
    hostile = alpha.files.get(1);
  }

  @BeforeEach
  void logIn() throws Exception {
    login();
  }

  private String page(String path) throws Exception {
    HttpResponse<String> response = get(path);
    assertEquals(200, response.statusCode(), path + ": " + response.body());
    return response.body();
  }

  private HttpResponse<String> post(String path, String form) throws Exception {
    return request("POST", path, form, "Origin", origin(), "Content-Type", FORM);
  }

  private String menuCount(String body) {
    return body.replaceFirst(
        "(?s).*<a href=\"/watches\"[^>]*>Watches <span class=\"count\"[^>]*>(.*?)</span></a>.*",
        "$1");
  }

  @Test
  void listsWatchesWithTheirNewMatchesUntilViewed() throws Exception {
    node.watch(SearchQuery.ofText("sunset"), Duration.ofDays(1));
    node.watch(SearchQuery.ofText("moon"), Duration.ofDays(1));
    node.match("w0", sunset, true);
    node.match("w0", hostile);
    String body = page("/watches");
    assertTrue(body.contains("<tr data-watch-id=\"w0\""), body);
    assertTrue(body.contains("<a href=\"/watches?id=w0\""), body);
    assertTrue(body.contains(">sunset</span></a>"), body);
    assertTrue(body.contains(">moon</span></a>"), body);
    assertTrue(body.contains("<td class=\"num\">2</td>"), body);
    assertTrue(body.contains("<span class=\"tag new\">2 new</span>"), body);
    assertEquals("(2<span class=\"sr\"> new</span>)", menuCount(body));
    assertEquals("(2<span class=\"sr\"> new</span>)", menuCount(page("/search")));
    assertTrue(body.contains("sse-connect=\"/watches/count\""), body);

    String viewed = page("/watches?id=w0");
    assertTrue(viewed.contains("<h2 id=\"matches-title\">Matches of sunset</h2>"), viewed);
    assertTrue(viewed.contains("title=\"sunset.jpg\">sunset.jpg</span>"), viewed);
    assertTrue(
        viewed.contains(
            "<span class=\"tag\" title=\"found by the search at registration\">Existing</span>"),
        viewed);
    assertTrue(viewed.contains("name=\"ref\" value=\"" + sunset.ref() + "\""), viewed);
    assertTrue(viewed.contains(">Download</button>"), viewed);
    assertTrue(viewed.indexOf("fdp.exe") < viewed.indexOf("sunset.jpg"), "newest first");
    assertEquals("", menuCount(viewed), "viewing the watch clears its count");
    assertEquals(0, node.watches().getFirst().unseen());
    assertEquals(404, get("/watches?id=w9").statusCode());
  }

  @Test
  void addingOneShowsItSelected() throws Exception {
    assertTrue(page("/watches").contains("No standing queries"));
    HttpResponse<String> added = post("/ui/watches", "q=sunset+ext%3Ajpg&ttl=30d");
    assertEquals(303, added.statusCode(), added.body());
    assertEquals("/watches?id=w0", added.headers().firstValue("Location").orElse(""));
    assertEquals(1 + Duration.ofDays(30).toMillis(), node.watches().getFirst().expiresMillis());
    String body = page("/watches?id=w0");
    assertTrue(body.contains("Matches of sunset ext:jpg"), body);
    assertTrue(body.contains("No matches yet"), body);
    assertTrue(body.contains("sse-connect=\"/watches/live?id=w0\""), body);
    assertEquals(
        403,
        request("POST", "/ui/watches", "q=moon&ttl=1d", "Content-Type", FORM).statusCode(),
        "a form post without Origin is refused");
    assertEquals(1, node.watches().size());
  }

  @Test
  void aRefusedQueryShowsTheParsersMessageInTheForm() throws Exception {
    HttpResponse<String> bad = post("/ui/watches", "q=size%3Elots&ttl=1d");
    assertEquals(400, bad.statusCode());
    assertTrue(
        bad.body()
            .contains(
                "<p id=\"watch-error\" role=\"alert\" class=\"error\">invalid query at character 5:"
                    + " expected a number</p>"),
        bad.body());
    assertTrue(bad.body().contains("value=\"size>lots\""), "the query is kept: " + bad.body());
    assertTrue(bad.body().contains("<option value=\"1d\" selected>1 day</option>"), bad.body());
    HttpResponse<String> ttl = post("/ui/watches", "q=moon&ttl=forever");
    assertEquals(400, ttl.statusCode());
    assertTrue(ttl.body().contains("choose how long to watch: one of 1 day, 7 days, 30 days"));
    assertEquals(400, post("/ui/watches", "q=+&ttl=1d").statusCode());
    assertTrue(node.watches().isEmpty());
  }

  @Test
  void cancelRemovesIt() throws Exception {
    node.watch(SearchQuery.ofText("sunset"), Duration.ofDays(1));
    HttpResponse<String> cancelled = post("/ui/watches/w0/cancel", "");
    assertEquals(303, cancelled.statusCode());
    assertTrue(node.watches().isEmpty());
    String body = page("/watches");
    assertFalse(body.contains("data-watch-id=\"w0\""), body);
    assertTrue(body.contains("No standing queries"), body);
    assertEquals(404, post("/ui/watches/w0/cancel", "").statusCode());
  }

  @Test
  void matchesArriveOnThePageStreamAndBumpTheCount() throws Exception {
    node.watch(SearchQuery.ofText("sunset"), Duration.ofDays(1));
    node.watch(SearchQuery.ofText("fdp"), Duration.ofDays(1));
    HttpResponse<Stream<String>> liveResponse = stream("/watches/live?id=w1");
    HttpResponse<Stream<String>> countResponse = stream("/watches/count");
    assertEquals(200, liveResponse.statusCode());
    assertEquals(200, countResponse.statusCode());
    BlockingQueue<String> live = events(liveResponse);
    BlockingQueue<String> count = events(countResponse);
    assertEquals("count ", next(count), "no new matches yet");
    for (int i = 0; i < 500 && node.followers.size() < 2; i++) {
      Thread.sleep(10);
    }
    assertEquals(2, node.followers.size());

    node.match("w0", sunset);
    assertEquals("count (1<span class=\"sr\"> new</span>)", next(count));
    String rows = next(live);
    assertTrue(rows.startsWith("watches "), rows);
    assertTrue(rows.contains("<span class=\"tag new\">1 new</span>"), rows);

    node.match("w1", hostile);
    String matches = next(live);
    assertEquals(
        "matches <span hx-get=\"/watches/w1/matches\" hx-trigger=\"load\""
            + " hx-target=\"#match-rows\" hx-swap=\"innerHTML\"></span>",
        matches,
        "the page fetches the matches itself");
    String after = next(live);
    assertTrue(after.startsWith("watches "), after);
    assertEquals(
        1,
        after.split("1 new</span>", -1).length - 1,
        "w0 has a new match; w1's are fetched by the page that shows them: " + after);
    assertEquals(1, node.watches().get(1).unseen(), "not seen until the page fetches them");
    String rows1 = page("/watches/w1/matches");
    assertTrue(rows1.contains("&lt;img src=x onerror=alert(1)&gt;"), rows1);
    assertFalse(rows1.contains("<img"), rows1);
    assertEquals(0, node.watches().get(1).unseen(), "fetched by the open page: seen");
    liveResponse.body().close();
    countResponse.body().close();
  }

  @Test
  void peerSuppliedNamesAndQueriesAreEscaped() throws Exception {
    node.watch(SearchQuery.ofText("<b>bold</b>"), Duration.ofDays(1));
    node.match("w0", hostile);
    String body = page("/watches?id=w0");
    assertFalse(body.contains("<img src=x"), body);
    assertFalse(body.contains("<b>bold"), body);
    assertFalse(body.contains("\u202E"), "the override itself never reaches the page");
    assertTrue(
        body.contains(
            "&lt;img src=x onerror=alert(1)&gt;<span class=\"ctl\">⟨U+202E⟩</span>fdp.exe"),
        body);
    assertTrue(body.contains("&lt;b&gt;bold&lt;/b&gt;"), body);
  }
}
