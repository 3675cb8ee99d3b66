package io.diztl.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.metrics.MetricsServer;
import io.diztl.node.FileRef;
import io.diztl.proto.v1.GetProgress;
import io.diztl.proto.v1.GetRequest;
import io.diztl.proto.v1.SearchHit;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.testkit.TestSwarm.TestNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real tracker and two real nodes, each with its own {@code GET /metrics} listener on loopback:
 * every scrape is parsed strictly, and the figures follow a search and a download.
 */
class MetricsIT {

  private static final Duration BOUND = Duration.ofSeconds(20);
  private static final int FILE_SIZE = 3 * 1024 * 1024 + 17;

  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path root;
  private MetricsServer trackerMetrics;
  private MetricsServer aliceMetrics;
  private MetricsServer bobMetrics;
  private TestSwarm swarm;
  private TestNode alice;
  private TestNode bob;

  @BeforeEach
  void start() {
    trackerMetrics = MetricsServer.start("127.0.0.1", 0);
    aliceMetrics = MetricsServer.start("127.0.0.1", 0);
    bobMetrics = MetricsServer.start("127.0.0.1", 0);
    swarm = TestSwarm.start(root, trackerMetrics.registry());
    alice = swarm.addNode("alice", aliceMetrics.registry());
    bob = swarm.addNode("bob", bobMetrics.registry());
    Eventually.await(
        "both nodes registered", BOUND, () -> bob.control().status().getPeersOnline() == 2);
  }

  @AfterEach
  void stop() {
    swarm.close();
    List.of(trackerMetrics, aliceMetrics, bobMetrics).forEach(MetricsServer::close);
  }

  @Test
  void figuresFollowSearchesAndDownloads() throws Exception {
    bob.write("music/Album Track.flac", randomBytes(FILE_SIZE));
    Eventually.await(
        "bob hashed the file",
        BOUND,
        () ->
            scrape(bobMetrics).sum("diztl_index_files") == 1
                && scrape(bobMetrics).sum("diztl_index_hashing_backlog") == 0);

    PrometheusText bobBefore = scrape(bobMetrics);
    assertEquals(FILE_SIZE, bobBefore.sum("diztl_index_size_bytes"));
    assertEquals(0, bobBefore.sum("diztl_index_extraction_backlog"));
    assertEquals(0, bobBefore.sum("diztl_plugins_failed"));
    assertEquals("gauge", bobBefore.type("diztl_index_files"));
    assertTrue(bobBefore.sum("jvm_memory_used_bytes", "area", "heap") > 0, "JVM heap in use");
    PrometheusText trackerBefore = scrape(trackerMetrics);
    assertEquals(2, trackerBefore.sum("diztl_tracker_nodes_live"));
    double relayedBefore =
        trackerBefore.sum("diztl_tracker_searches_relayed_total", "status", "ok");
    double servedBefore = bobBefore.sum("diztl_searches_served_total", "status", "ok");
    PrometheusText aliceBefore = scrape(aliceMetrics);

    SearchHit hit = onlyHit(NetworkIT.hitsFrom(alice, bob, query("album")));

    PrometheusText tracker = scrape(trackerMetrics);
    assertEquals(
        relayedBefore + 1, tracker.sum("diztl_tracker_searches_relayed_total", "status", "ok"));
    assertEquals("histogram", tracker.type("diztl_tracker_node_answer_seconds"));
    assertEquals(
        trackerBefore.sum("diztl_tracker_node_answer_seconds_count", "state", "answered") + 2,
        tracker.sum("diztl_tracker_node_answer_seconds_count", "state", "answered"));
    assertEquals(
        tracker.sum("diztl_tracker_node_answer_seconds_count", "state", "answered"),
        tracker.sum("diztl_tracker_node_answer_seconds_bucket", "state", "answered", "le", "+Inf"));
    PrometheusText aliceAfterSearch = scrape(aliceMetrics);
    assertEquals(
        aliceBefore.sum("diztl_searches_total", "outcome", "finished") + 1,
        aliceAfterSearch.sum("diztl_searches_total", "outcome", "finished"));
    assertEquals(
        aliceBefore.sum("diztl_search_node_answer_seconds_count", "state", "answered") + 2,
        aliceAfterSearch.sum("diztl_search_node_answer_seconds_count", "state", "answered"));
    // Both nodes answered the relayed search.
    assertEquals(
        servedBefore + 1, scrape(bobMetrics).sum("diztl_searches_served_total", "status", "ok"));

    GetProgress last = null;
    Iterator<GetProgress> progress =
        alice
            .control()
            .get(
                GetRequest.newBuilder()
                    .setRef(new FileRef(bob.node().id(), hit.getFileId()).toString())
                    .setTargetDir(root.resolve("fetched").toString())
                    .build());
    while (progress.hasNext()) {
      last = progress.next();
    }
    assertTrue(last != null && last.getDone(), "the download ended");

    PrometheusText aliceAfter = scrape(aliceMetrics);
    assertEquals(
        aliceBefore.sum("diztl_transfer_bytes_total", "direction", "download") + FILE_SIZE,
        aliceAfter.sum("diztl_transfer_bytes_total", "direction", "download"));
    assertEquals("counter", aliceAfter.type("diztl_transfer_bytes_total"));
    Eventually.await(
        "bob counted the upload as ended",
        BOUND,
        () -> scrape(bobMetrics).sum("diztl_transfers_active", "direction", "upload") == 0);
    PrometheusText bobAfter = scrape(bobMetrics);
    assertEquals(
        bobBefore.sum("diztl_transfer_bytes_total", "direction", "upload") + FILE_SIZE,
        bobAfter.sum("diztl_transfer_bytes_total", "direction", "upload"));
    assertEquals(0, aliceAfter.sum("diztl_transfers_active", "direction", "download"));
  }

  @Test
  void closedNodeLeavesNoMeters() {
    assertTrue(scrape(aliceMetrics).has("diztl_index_files"));
    alice.close();
    PrometheusText after = scrape(aliceMetrics);
    assertTrue(!after.has("diztl_index_files"), "the index gauges went with the node");
    assertTrue(after.has("jvm_memory_used_bytes"), "the JVM meters stay");
  }

  @Test
  void onlyGetOfMetricsIsServed() throws Exception {
    URI other = aliceMetrics.url().resolve("/other");
    assertEquals(404, http.send(HttpRequest.newBuilder(other).build(), discarding()).statusCode());
    HttpResponse<Void> post =
        http.send(
            HttpRequest.newBuilder(aliceMetrics.url())
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(),
            discarding());
    assertEquals(405, post.statusCode());
    HttpResponse<String> get =
        http.send(
            HttpRequest.newBuilder(aliceMetrics.url()).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(
        "text/plain; version=0.0.4; charset=utf-8",
        get.headers().firstValue("Content-Type").orElse(""));
    assertEquals("127.0.0.1", aliceMetrics.url().getHost());
  }

  private static HttpResponse.BodyHandler<Void> discarding() {
    return HttpResponse.BodyHandlers.discarding();
  }

  private PrometheusText scrape(MetricsServer server) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(server.url()).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), response::body);
      return PrometheusText.parse(response.body());
    } catch (IOException e) {
      throw new AssertionError("scraping " + server.url() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static SearchRequest query(String words) {
    return SearchRequest.newBuilder().setQuery(words).build();
  }

  private static SearchHit onlyHit(List<SearchHit> hits) {
    assertEquals(1, hits.size(), () -> "hits: " + hits);
    return hits.get(0);
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(7).nextBytes(bytes);
    return bytes;
  }
}
