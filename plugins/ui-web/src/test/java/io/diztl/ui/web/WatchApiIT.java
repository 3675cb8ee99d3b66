package io.diztl.ui.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The standing queries in {@code /api/v1/watches}, and their stream of matches. */
class WatchApiIT extends ServerTestBase {

  private final ObjectMapper mapper = new ObjectMapper();
  private String key;
  private FakeNode.Peer alpha;

  @Override
  void configure(FakeNode node) {
    alpha = node.peer("n1", "alpha").file("sunset.jpg", "pics/sunset.jpg", 1000, "aa11", Map.of());
  }

  @BeforeEach
  void readKey() throws Exception {
    key = apiKey();
  }

  private HttpResponse<String> call(String method, String path, String body) throws Exception {
    return request(
        method, path, body, "Authorization", "Bearer " + key, "Content-Type", "application/json");
  }

  @Test
  void registersListsAndCancelsWatches() throws Exception {
    HttpResponse<String> created =
        call("POST", "/api/v1/watches", "{\"query\": \"sunset\", \"ttlHours\": 2}");
    assertEquals(201, created.statusCode(), created.body());
    JsonNode watch = mapper.readTree(created.body());
    assertEquals("sunset", watch.get("query").asText());
    assertEquals(Duration.ofHours(2).toMillis(), watch.get("expiresMillis").asLong() - 1);

    JsonNode list = mapper.readTree(call("GET", "/api/v1/watches", null).body());
    assertEquals(1, list.size());
    assertEquals(watch.get("id").asText(), list.get(0).get("id").asText());

    assertEquals(
        204, call("DELETE", "/api/v1/watches/" + watch.get("id").asText(), null).statusCode());
    assertEquals(0, mapper.readTree(call("GET", "/api/v1/watches", null).body()).size());
    assertEquals(404, call("DELETE", "/api/v1/watches/w9", null).statusCode());
  }

  @Test
  void refusesBadQueriesWithTheSearchError() throws Exception {
    HttpResponse<String> bad = call("POST", "/api/v1/watches", "{\"query\": \"size>lots\"}");
    assertEquals(400, bad.statusCode());
    assertTrue(bad.body().contains("invalid query at character 5"), bad.body());
    assertEquals(400, call("POST", "/api/v1/watches", "{\"ttlHours\": 2}").statusCode());
    assertEquals(
        400, call("POST", "/api/v1/watches", "{\"query\": \"a\", \"ttlHours\": -1}").statusCode());
  }

  @Test
  void streamsNewMatches() throws Exception {
    HttpResponse<Stream<String>> response =
        stream("/api/v1/watches/stream", "Authorization", "Bearer " + key);
    assertEquals(200, response.statusCode());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (node.followers.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    node.match("w0", alpha.files.getFirst());
    Iterator<String> lines = response.body().iterator();
    String line = lines.next();
    while (!line.equals("event: match")) {
      line = lines.next();
    }
    JsonNode match = mapper.readTree(lines.next().substring("data: ".length()));
    assertEquals("w0", match.get("watchId").asText());
    assertEquals("sunset.jpg", match.get("hit").get("name").asText());
    response.body().close();
  }
}
