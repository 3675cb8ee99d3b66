package io.diztl.plugins.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.index.ShareIndex;
import io.diztl.plugintest.PluginArtifact;
import io.diztl.testkit.Eventually;
import io.diztl.testkit.TestSwarm;
import io.diztl.testkit.TestSwarm.TestNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thumbnails asked for across the network, over real TCP: node A shares images with this plugin
 * loaded; node B runs the web UI plugin, and a script asks B's HTTP API for the preview of a file
 * on A ({@code GET /api/v1/preview?ref=…}), which B fetches from A with {@code Peer.GetPreview}.
 */
class RemotePreviewIT {

  /** System property naming the web UI plugin's zip; the pom sets it for failsafe. */
  private static final String UI_ZIP_PROPERTY = "diztl.test.uiPluginZip";

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path root;
  private TestSwarm swarm;
  private TestNode a;
  private TestNode b;
  private final HttpClient http = HttpClient.newHttpClient();
  private String base;
  private String apiKey;

  @BeforeEach
  void start() throws Exception {
    swarm = TestSwarm.start(root.resolve("swarm"));
    a =
        swarm.addNode(
            "a", config -> config.withPluginsDir(plugins("a", PluginArtifact.ofThisBuild())));
    Path ui = Path.of(System.getProperty(UI_ZIP_PROPERTY));
    b =
        swarm.addNode(
            "b",
            config -> config.withPluginsDir(plugins("b", ui)).withUi("127.0.0.1", 0, null, true));
    Eventually.await(
        "both nodes registered",
        WAIT,
        () -> a.node().trackerConnected() && b.node().trackerConnected());
    Eventually.await("B's web UI started", WAIT, () -> !b.node().uiLinks().isEmpty());
    base = b.node().uiLinks().getFirst().replaceAll("/\\?token=.*$", "");
    apiKey = Files.readString(b.data().resolve("ui-api-key")).strip();
  }

  @AfterEach
  void stop() {
    swarm.close();
  }

  @Test
  void bGetsAThumbnailOfAFileOnAAndClearErrorsOtherwise() throws Exception {
    a.write("photos/harbour.jpg", ImageSamples.picture("jpg", 1200, 800));
    a.write("photos/bomb.png", ImageSamples.pngClaiming(100_000, 100_000));
    Eventually.await(
        "A indexed and hashed both images", WAIT, () -> a.control().status().getFilesHashed() == 2);

    HttpResponse<byte[]> thumbnail = preview(ref("photos/harbour.jpg"));
    assertEquals(200, thumbnail.statusCode(), new String(thumbnail.body(), StandardCharsets.UTF_8));
    assertEquals("image/jpeg", thumbnail.headers().firstValue("Content-Type").orElse(""));
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(thumbnail.body()));
    assertEquals(256, decoded.getWidth());
    assertEquals(171, decoded.getHeight());
    try (var kept = Files.list(a.data().resolve("previews"))) {
      assertTrue(kept.anyMatch(f -> f.toString().endsWith(".jpg")), "kept by content hash on A");
    }

    assertNoPreview(preview(ref("photos/bomb.png")), "the decompression bomb");
    assertNoPreview(preview(ref("photos/missing.jpg")), "an unknown file");
    assertNoPreview(preview(ref("../outside.jpg")), "a path outside the share");
    HttpResponse<byte[]> malformed = preview(a.node().id() + ":not-a-file-id");
    assertEquals(400, malformed.statusCode(), body(malformed));
    assertTrue(body(malformed).contains("file id"), body(malformed));
  }

  private static void assertNoPreview(HttpResponse<byte[]> response, String what) {
    assertEquals(404, response.statusCode(), what + ": " + body(response));
    assertTrue(body(response).contains("no preview"), what + ": " + body(response));
  }

  private String ref(String relativePath) {
    return a.node().id() + ":" + ShareIndex.idOf(relativePath);
  }

  private HttpResponse<byte[]> preview(String ref) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create(
                    base + "/api/v1/preview?ref=" + URLEncoder.encode(ref, StandardCharsets.UTF_8)))
            .header("Authorization", "Bearer " + apiKey)
            .timeout(WAIT)
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String body(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  private Path plugins(String node, Path artifact) {
    try {
      Path folder = Files.createDirectories(root.resolve("plugins-" + node));
      Files.copy(artifact, folder.resolve(artifact.getFileName()));
      return folder;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
