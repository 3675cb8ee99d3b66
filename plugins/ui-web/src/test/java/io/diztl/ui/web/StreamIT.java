package io.diztl.ui.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.ui.NodeEvent;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The event streams: search results per node as they come, and node events that resume. */
class StreamIT extends ServerTestBase {

  private FakeNode.Peer slow;

  @Override
  void configure(FakeNode node) {
    node.peer("n1", "alpha").file("blue.mp3", "m/blue.mp3", 10, "h1", Map.of());
    node.peer("n2", "beta").file("blue train.mp3", "m/blue train.mp3", 20, "h2", Map.of());
    slow =
        node.peer("n3", "gamma")
            .file("blue moon.mp3", "m/blue moon.mp3", 30, "h3", Map.of())
            .hold();
  }

  @Test
  void searchResultsArrivePerNodeBeforeTheSlowestThenTheSummary() throws Exception {
    HttpResponse<Stream<String>> response =
        stream("/api/v1/search?q=blue", "Authorization", "Bearer " + apiKey());
    assertEquals(200, response.statusCode());
    assertTrue(
        response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
    BlockingQueue<String> events = events(response);
    List<String> first = new ArrayList<>(List.of(next(events), next(events)));
    first.forEach(e -> assertTrue(e.startsWith("results {\"nodeId\":\"n"), e));
    assertTrue(first.stream().noneMatch(e -> e.contains("gamma")), "gamma is still held: " + first);
    assertEquals(null, events.poll(300, TimeUnit.MILLISECONDS), "nothing until gamma answers");
    slow.release();
    assertTrue(next(events).contains("\"nodeName\":\"gamma\""));
    String summary = next(events);
    assertTrue(summary.startsWith("summary {\"nodes\":3,\"answered\":3"), summary);
  }

  @Test
  void eventsStreamResumesFromLastEventId() throws Exception {
    node.emit(NodeEvent.Kind.FILE_INDEXED, "a", "one");
    node.emit(NodeEvent.Kind.FILE_INDEXED, "b", "two");
    node.emit(NodeEvent.Kind.FILE_REMOVED, "c", "three");
    String key = apiKey();
    BlockingQueue<String> resumed =
        events(stream("/api/v1/events", "Authorization", "Bearer " + key, "Last-Event-ID", "1"));
    String second = next(resumed);
    assertTrue(second.startsWith("message#2 {\"id\":2,"), second);
    assertTrue(second.contains("\"message\":\"two\""), second);
    assertTrue(next(resumed).startsWith("message#3 "));

    BlockingQueue<String> live = events(stream("/api/v1/events", "Authorization", "Bearer " + key));
    Thread.sleep(200);
    node.emit(NodeEvent.Kind.DOWNLOAD_STARTED, "d1", "four");
    String fourth = next(live);
    assertTrue(fourth.startsWith("message#4 ") && fourth.contains("download_started"), fourth);
    assertTrue(next(resumed).startsWith("message#4 "));
  }

  @Test
  void theSearchPageFollowsItsSearchLive() throws Exception {
    login();
    HttpResponse<String> page = get("/search?q=blue");
    assertEquals(200, page.statusCode());
    String sid =
        page.body().replaceFirst("(?s).*sse-connect=\"/search/live\\?sid=([A-Za-z0-9_-]+).*", "$1");
    assertEquals(16, sid.length(), page.body());
    HttpResponse<Stream<String>> liveResponse =
        stream("/search/live?sid=" + sid + "&sort=name&dir=asc&page=1");
    assertEquals(200, liveResponse.statusCode());
    BlockingQueue<String> live = events(liveResponse);
    String update = next(live);
    assertTrue(update.startsWith("results "), update);
    assertTrue(update.contains("Searching"), update);
    slow.release();
    String last = next(live);
    while (!last.contains("3 nodes asked")) {
      last = next(live);
    }
    assertTrue(last.contains("blue moon.mp3"), last);
    assertTrue(next(live).startsWith("done"));
  }
}
