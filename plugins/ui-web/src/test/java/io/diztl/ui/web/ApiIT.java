package io.diztl.ui.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.diztl.api.FileType;
import io.diztl.api.preview.Preview;
import io.diztl.api.ui.DownloadState;
import io.diztl.api.ui.FolderEntry;
import io.diztl.api.ui.NodeEvent;
import io.diztl.api.ui.PluginInfo;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every endpoint of {@code /api/v1}, with the API key, and its errors. */
class ApiIT extends ServerTestBase {

  private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xd9};

  private final ObjectMapper mapper = new ObjectMapper();
  private String key;

  @Override
  void configure(FakeNode node) {
    node.peer("n1", "alpha")
        .file(
            "Kind of Blue.mp3",
            "music/Kind of Blue.mp3",
            9_000_000,
            "aa11",
            Map.of("artist", "Miles Davis"))
        .file("notes.txt", "docs/notes.txt", 1200, "", Map.of())
        .snippet("content", "Kind of Blue is a record by Miles Davis", "Blue");
    node.previews.put("n1:file0", new Preview(JPEG, 1, 1));
    node.peer("n2", "beta")
        .file("Kind of Blue.mp3", "jazz/Kind of Blue.mp3", 9_000_000, "aa11", Map.of());
    node.plugins.put(
        "audio-tags",
        new PluginInfo(
            "audio-tags", "0.1.0", "STARTED", "Audio tags", List.of("extractor artist"), ""));
    node.folders.put(
        "n1/",
        List.of(
            new FolderEntry("music", "music", true, 9_000_000, 1, FileType.OTHER, "", "", 0),
            new FolderEntry("docs", "docs", true, 1200, 1, FileType.OTHER, "", "", 0)));
    node.folders.put(
        "n1/docs",
        List.of(
            new FolderEntry(
                "notes.txt",
                "docs/notes.txt",
                false,
                1200,
                1,
                FileType.DOCUMENT,
                "n1:file1",
                "",
                1)));
  }

  @BeforeEach
  void readKey() throws Exception {
    key = apiKey();
  }

  private HttpResponse<String> call(String method, String path, String body) throws Exception {
    return request(
        method, path, body, "Authorization", "Bearer " + key, "Content-Type", "application/json");
  }

  private JsonNode json(HttpResponse<String> response) throws Exception {
    assertEquals(
        "application/json",
        response.headers().firstValue("Content-Type").orElse(""),
        response.body());
    return mapper.readTree(response.body());
  }

  @Test
  void statusPeersPlugins() throws Exception {
    JsonNode status = json(call("GET", "/api/v1/status", null));
    assertEquals("self", status.get("nodeName").asText());
    assertEquals(1200, status.get("filesIndexed").asLong());
    JsonNode peers = json(call("GET", "/api/v1/peers", null));
    assertEquals(3, peers.size());
    assertEquals("alpha", peers.get(1).get("name").asText());
    JsonNode plugins = json(call("GET", "/api/v1/plugins", null));
    assertEquals("audio-tags", plugins.get(0).get("id").asText());
  }

  @Test
  void pluginsAreEnabledAndDisabled() throws Exception {
    assertEquals(202, call("POST", "/api/v1/plugins/audio-tags/disable", "").statusCode());
    assertEquals("DISABLED", node.plugins.get("audio-tags").state());
    assertEquals(202, call("POST", "/api/v1/plugins/audio-tags/enable", "").statusCode());
    assertEquals("STARTED", node.plugins.get("audio-tags").state());
    HttpResponse<String> unknown = call("POST", "/api/v1/plugins/nope/enable", "");
    assertEquals(404, unknown.statusCode());
    assertTrue(json(unknown).get("error").asText().contains("no plugin nope"));
  }

  @Test
  void downloadsAreStartedListedCancelledRetried() throws Exception {
    HttpResponse<String> started = call("POST", "/api/v1/downloads", "{\"ref\": \"n1:file0\"}");
    assertEquals(202, started.statusCode(), started.body());
    String id = json(started).get("id").asText();
    JsonNode list = json(call("GET", "/api/v1/downloads", null));
    assertEquals(id, list.get(0).get("id").asText());
    assertEquals("queued", list.get(0).get("state").asText());
    assertEquals("alpha", list.get(0).get("sourceNodeName").asText());
    assertEquals(
        "queued", json(call("GET", "/api/v1/downloads/" + id, null)).get("state").asText());

    assertEquals(409, call("POST", "/api/v1/downloads/" + id + "/retry", "").statusCode());
    assertEquals(204, call("DELETE", "/api/v1/downloads/" + id, null).statusCode());
    assertEquals(DownloadState.CANCELLED, node.downloads.get(id).state());
    HttpResponse<String> retried = call("POST", "/api/v1/downloads/" + id + "/retry", "");
    assertEquals(202, retried.statusCode());
    assertEquals("queued", json(retried).get("state").asText());
  }

  @Test
  void downloadErrors() throws Exception {
    assertEquals(
        400, call("POST", "/api/v1/downloads", "{\"ref\": ").statusCode(), "malformed JSON");
    assertEquals(400, call("POST", "/api/v1/downloads", "[1]").statusCode(), "not an object");
    assertEquals(400, call("POST", "/api/v1/downloads", "{}").statusCode(), "missing ref");
    assertEquals(400, call("POST", "/api/v1/downloads", "{\"ref\": 5}").statusCode());
    assertEquals(400, call("POST", "/api/v1/downloads", "{\"ref\": \"nocolon\"}").statusCode());
    HttpResponse<String> unknown = call("POST", "/api/v1/downloads", "{\"ref\": \"n9:file9\"}");
    assertEquals(404, unknown.statusCode());
    assertTrue(json(unknown).has("error"));
    assertEquals(404, call("GET", "/api/v1/downloads/nope", null).statusCode());
    assertEquals(404, call("DELETE", "/api/v1/downloads/nope", null).statusCode());
    assertEquals(404, call("POST", "/api/v1/downloads/nope/retry", "").statusCode());
  }

  @Test
  void folderDownloads() throws Exception {
    HttpResponse<String> started =
        call("POST", "/api/v1/downloads", "{\"nodeId\": \"n1\", \"path\": \"docs\"}");
    assertEquals(202, started.statusCode(), started.body());
    assertEquals(1, json(started).get("ids").size());
  }

  @Test
  void browse() throws Exception {
    JsonNode root = json(call("GET", "/api/v1/nodes/n1/browse", null));
    assertEquals("alpha", root.get("nodeName").asText());
    assertEquals("music", root.get("entries").get(0).get("name").asText());
    assertTrue(root.get("entries").get(0).get("folder").asBoolean());
    JsonNode docs = json(call("GET", "/api/v1/nodes/n1/browse?path=docs", null));
    assertEquals("n1:file1", docs.get("entries").get(0).get("ref").asText());
    assertEquals("document", docs.get("entries").get(0).get("type").asText());
    assertEquals(404, call("GET", "/api/v1/nodes/n9/browse", null).statusCode());
    assertEquals(403, call("GET", "/api/v1/nodes/n1/browse?path=../etc", null).statusCode());
  }

  @Test
  void searchAnswersOnceWithJson() throws Exception {
    HttpResponse<String> response =
        request(
            "GET",
            "/api/v1/search?q=blue&type=audio&min_size=1M",
            null,
            "Authorization",
            "Bearer " + key,
            "Accept",
            "application/json");
    JsonNode body = json(response);
    assertEquals(200, response.statusCode());
    assertEquals(2, body.get("hits").size());
    assertEquals("audio", body.get("hits").get(0).get("type").asText());
    assertEquals(2, body.get("summary").get("answered").asInt());
    assertEquals(1 << 20, node.queries.getLast().minSize());
  }

  @Test
  void hitsCarryTheirSnippetsAsTextAndRanges() throws Exception {
    JsonNode body =
        json(
            request(
                "GET",
                "/api/v1/search?q=notes",
                null,
                "Authorization",
                "Bearer " + key,
                "Accept",
                "application/json"));
    JsonNode notes = null;
    for (JsonNode hit : body.get("hits")) {
      if (hit.get("name").asText().equals("notes.txt")) {
        notes = hit;
      }
    }
    assertNotNull(notes, body.toString());
    JsonNode snippet = notes.get("snippets").get(0);
    assertEquals("content", snippet.get("field").asText());
    assertEquals("Kind of Blue is a record by Miles Davis", snippet.get("text").asText());
    assertEquals(8, snippet.get("marks").get(0).get("start").asInt());
    assertEquals(12, snippet.get("marks").get(0).get("end").asInt());
  }

  @Test
  void previewsAreServedAsJpegAndCachedPrivately() throws Exception {
    HttpResponse<byte[]> preview =
        http.send(
            builder("GET", "/api/v1/preview?ref=n1:file0", null, "Authorization", "Bearer " + key)
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());

    assertEquals(200, preview.statusCode());
    assertEquals("image/jpeg", preview.headers().firstValue("Content-Type").orElse(""));
    assertEquals("private, max-age=3600", preview.headers().firstValue("Cache-Control").orElse(""));
    assertArrayEquals(JPEG, preview.body());

    HttpResponse<String> none = call("GET", "/api/v1/preview?ref=n1:file1", null);
    assertEquals(404, none.statusCode());
    assertEquals("the node has no preview of it", json(none).get("error").asText());
    assertEquals(400, call("GET", "/api/v1/preview", null).statusCode());
    assertEquals(401, get("/api/v1/preview?ref=n1:file0").statusCode());
  }

  @Test
  void badQueriesAndFiltersAre400WithTheMessage() throws Exception {
    HttpResponse<String> bad = call("GET", "/api/v1/search?q=blue+(x", null);
    assertEquals(400, bad.statusCode());
    assertEquals("invalid query at character 6: '(' without ')'", json(bad).get("error").asText());
    assertEquals(400, call("GET", "/api/v1/search?q=a&type=sculpture", null).statusCode());
    assertEquals(400, call("GET", "/api/v1/search?q=a&min_size=lots", null).statusCode());
    assertEquals(400, call("GET", "/api/v1/search?q=a&min_size=9&max_size=1", null).statusCode());
    assertEquals(400, call("GET", "/api/v1/search?q=a&limit=0", null).statusCode());
    assertEquals(400, call("GET", "/api/v1/search", null).statusCode());
  }

  @Test
  void controlCharactersAreEscapedInJson() throws Exception {
    node.peers.getFirst().file("evil\u202Egpj.exe", "x/evil\u202Egpj.exe", 1, "", Map.of());
    HttpResponse<String> response =
        request(
            "GET",
            "/api/v1/search?q=evil",
            null,
            "Authorization",
            "Bearer " + key,
            "Accept",
            "application/json");
    assertTrue(response.body().contains("evil\\u202egpj.exe"), response.body());
    assertEquals("evil\u202Egpj.exe", json(response).get("hits").get(0).get("name").asText());
  }

  @Test
  void eventsAsJson() throws Exception {
    node.emit(NodeEvent.Kind.FILE_INDEXED, "a.txt", "indexed a.txt");
    node.emit(NodeEvent.Kind.TRACKER, "t", "tracker up");
    JsonNode all =
        json(
            request(
                "GET",
                "/api/v1/events?since=0",
                null,
                "Authorization",
                "Bearer " + key,
                "Accept",
                "application/json"));
    assertEquals(2, all.size());
    assertEquals("file_indexed", all.get(0).get("kind").asText());
    assertEquals(1, all.get(0).get("id").asLong());
    JsonNode later =
        json(
            request(
                "GET",
                "/api/v1/events?since=1",
                null,
                "Authorization",
                "Bearer " + key,
                "Accept",
                "application/json"));
    assertEquals(1, later.size());
    assertEquals(400, call("GET", "/api/v1/events?since=x", null).statusCode());
  }
}
