package io.diztl.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.distribution.DiztlProcesses.Result;
import io.diztl.distribution.broken.HangingExtractor;
import io.diztl.distribution.broken.ThrowingExtractor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin platform as a user meets it, on the assembled distribution: a tracker and two nodes in
 * separate processes, plugins dropped into a running node, the bundled plugins on real media files,
 * and deliberately broken plugins, all observed through another node's {@code diztl search} and
 * through {@code diztl plugins}.
 */
class PluginsSmokeIT {

  /** The example plugin's jar, built by plugins/example-wordcount (set by the pom). */
  private static final Path EXAMPLE_PLUGIN =
      Path.of(
              System.getProperty(
                  "diztl.example.plugin",
                  "../plugins/example-wordcount/target/diztl-example-wordcount-0.1.0-SNAPSHOT.jar"))
          .toAbsolutePath();

  private static final Duration BOUND = Duration.ofSeconds(90);

  @TempDir Path temp;

  private DiztlProcesses diztl;

  @BeforeEach
  void start() {
    DiztlProcesses.assertAssembled();
    diztl = new DiztlProcesses(temp);
  }

  @AfterEach
  void stop() {
    diztl.close();
  }

  @Test
  void aPluginDroppedIntoARunningNodeMakesItsFieldsSearchableFromAnother() throws Exception {
    assertTrue(Files.isRegularFile(EXAMPLE_PLUGIN), EXAMPLE_PLUGIN + ": build the example first");
    String tracker = diztl.startTracker();
    Path pluginsA = Files.createDirectories(temp.resolve("plugins-a"));
    Path shareA = Files.createDirectories(temp.resolve("share-a"));
    Files.writeString(
        shareA.resolve("packing-notes.md"), "# Packing list\n\ntowel sunscreen hat\n");
    Files.writeString(shareA.resolve("packing-short.txt"), "two words\n");
    Path dataA = temp.resolve("data-a");
    Path dataB = temp.resolve("data-b");
    startNodes(tracker, shareA, dataA, dataB, "--plugins", pluginsA.toString());

    Map<String, Object> before =
        diztl.poll(
            "A's notes in B's search",
            BOUND,
            () -> search(dataB, "packing"),
            hits -> named(hits, "packing-notes.md"));
    assertFalse(meta(before).containsKey("words"), before.toString());
    assertEquals(List.of(), search(dataB, "words>3"), "no node knows 'words' yet");

    Files.copy(EXAMPLE_PLUGIN, pluginsA.resolve(EXAMPLE_PLUGIN.getFileName()));

    List<Map<String, Object>> counted =
        diztl.poll(
            "A's notes with a word count in B's search for words>3",
            BOUND,
            () -> search(dataB, "words>3"),
            hits -> named(hits, "packing-notes.md") != null ? hits : null);
    assertEquals(1, counted.size(), counted.toString());
    Map<String, Object> notes = counted.getFirst();
    assertEquals("6", meta(notes).get("words"), notes.toString());
    assertEquals("Packing list", meta(notes).get("heading"), notes.toString());

    Map<String, Object> shortOne =
        named(search(dataB, "heading:two", "words<3"), "packing-short.txt");
    assertTrue(shortOne != null, "the short file by heading and word count");
    assertEquals("2", meta(shortOne).get("words"), shortOne.toString());

    Result table = diztl.run("plugins", "--data", dataA.toString());
    assertEquals(0, table.exit(), table.err());
    assertTrue(
        table.out().lines().anyMatch(l -> l.matches("example-wordcount +\\S+ +STARTED +.*")),
        table.out());
    Map<String, Object> example = plugins(dataA).get("example-wordcount");
    assertEquals("STARTED", example.get("state"), example.toString());
    assertTrue(example.get("extensions").toString().contains("words"), example.toString());
    assertEquals("", example.get("problem"), example.toString());
  }

  @Test
  void theBundledPluginsMakeRealMediaSearchableFromAnotherNode() throws Exception {
    String tracker = diztl.startTracker();
    Path shareA = Files.createDirectories(temp.resolve("share-a/media"));
    SampleFiles.song(shareA.resolve("so-what.wav"), 3, "So What", "Miles Davis");
    SampleFiles.photo(shareA.resolve("DSC_0042.jpg"), "NIKON CORPORATION", "NIKON D750");
    SampleFiles.pdf(
        shareA.resolve("annual-report.pdf"),
        "Annual report",
        "The zebrafish manifesto",
        "A second page about otters");
    Files.writeString(
        shareA.resolve("field notes.txt"), "Arctic log.\n\nThe walrus sleeps on the ice.\n");
    Path dataA = temp.resolve("data-a");
    Path dataB = temp.resolve("data-b");
    // A runs the distribution's own plugins/ folder, B none at all: B answers what it can.
    startNodes(tracker, shareA.getParent(), dataA, dataB);

    Map<String, Object> song =
        diztl.poll(
            "the song by its artist",
            BOUND,
            () -> search(dataB, "artist:\"miles davis\""),
            hits -> named(hits, "so-what.wav"));
    assertEquals("Miles Davis", meta(song).get("artist"), song.toString());
    assertEquals("So What", meta(song).get("title"), song.toString());
    assertEquals("3", meta(song).get("duration"), song.toString());

    Map<String, Object> photo =
        diztl.poll(
            "the photo by its camera",
            BOUND,
            () -> search(dataB, "camera:nikon", "type:image"),
            hits -> named(hits, "DSC_0042.jpg"));
    assertTrue(((String) meta(photo).get("camera")).contains("D750"), photo.toString());
    assertEquals("64", meta(photo).get("width"), photo.toString());
    assertEquals("image", photo.get("type"));

    Map<String, Object> report =
        diztl.poll(
            "the PDF by its page count",
            BOUND,
            () -> search(dataB, "pages>1"),
            hits -> named(hits, "annual-report.pdf"));
    assertEquals("2", meta(report).get("pages"), report.toString());
    Map<String, Object> zebrafish = named(search(dataB, "zebrafish"), "annual-report.pdf");
    assertTrue(zebrafish != null, "a word in the PDF");
    Map<String, Object> snippet = firstSnippet(zebrafish);
    assertEquals("content", snippet.get("field"), zebrafish.toString());
    assertEquals("zebrafish", marked(snippet), zebrafish.toString());
    Map<String, Object> notes = named(search(dataB, "walrus"), "field notes.txt");
    assertEquals("walrus", marked(firstSnippet(notes)), String.valueOf(notes));
    Result table = diztl.run("search", "walrus", "--data", dataB.toString());
    assertTrue(
        table.out().lines().anyMatch(l -> l.equals("  content: The [walrus] sleeps on the ice.")),
        table.out());

    // A's web UI serves thumbnails that A's image plugin makes, to scripts with the API key.
    Map<String, Object> photoHit = named(search(dataB, "dsc"), "DSC_0042.jpg");
    Result ui = diztl.run("ui", "--data", dataA.toString());
    assertEquals(0, ui.exit(), ui.err());
    String base = ui.out().strip().replaceAll("/\\?token=.*$", "");
    HttpResponse<byte[]> thumbnail =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(base + "/api/v1/preview?ref=" + photoHit.get("ref")))
                    .header(
                        "Authorization",
                        "Bearer " + Files.readString(dataA.resolve("ui-api-key")).strip())
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, thumbnail.statusCode(), new String(thumbnail.body()));
    assertEquals("image/jpeg", thumbnail.headers().firstValue("Content-Type").orElse(""));
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(thumbnail.body()));
    assertEquals(64, decoded.getWidth(), "a small photo keeps its size");
    assertTrue(
        Files.list(dataA.resolve("previews")).anyMatch(f -> f.toString().endsWith(".jpg")),
        "kept by content hash in A's data folder");
    assertTrue(named(search(dataB, "otters", "pages:2"), "annual-report.pdf") != null);
    assertEquals(List.of(), search(dataB, "pages>2"));

    assertTrue(named(search(dataB, "fuzzy:anual"), "annual-report.pdf") != null, "fuzzy:");
    assertTrue(named(search(dataB, "regex:\"dsc_\\d+\\.jpe?g\""), "DSC_0042.jpg") != null);

    Result unknownField =
        diztl.run("search", "nosuchfield:x", "--json", "--data", dataB.toString());
    assertEquals(0, unknownField.exit(), unknownField.err());
    assertEquals(
        List.of(0L),
        DiztlProcesses.parseJsonLines(unknownField.out()).stream()
            .map(line -> ((Map<?, ?>) line.get("summary")).get("results"))
            .toList(),
        unknownField.out());

    // Checked on A, which knows the field: a node without it ignores the term.
    Result invalid = diztl.run("search", "pages>>3", "--data", dataA.toString());
    assertNotEquals(0, invalid.exit());
    assertEquals("", invalid.out());
    assertEquals(1, invalid.err().lines().count(), invalid.err());
    assertTrue(
        Pattern.compile("character \\d+").matcher(invalid.err()).find()
            && !invalid.err().contains("Exception"),
        invalid.err());

    Result badRegex = diztl.run("search", "regex:\"img_(\\d+\"", "--data", dataA.toString());
    assertNotEquals(0, badRegex.exit());
    assertEquals(1, badRegex.err().lines().count(), badRegex.err());
    assertTrue(
        badRegex.err().contains("invalid regular expression 'img_(\\d+': expected ')'"),
        badRegex.err());

    Map<String, Map<String, Object>> plugins = plugins(dataA);
    for (String id :
        List.of("audio-tags", "image-meta", "documents", "fuzzy-names", "regex-names")) {
      assertEquals("STARTED", plugins.get(id).get("state"), id + ": " + plugins);
    }
    assertFalse(plugins.containsKey("example-wordcount"), "the example is not bundled");
  }

  @Test
  void brokenPluginsLeaveTheNodeServing() throws Exception {
    String tracker = diztl.startTracker();
    Path pluginsA = Files.createDirectories(temp.resolve("plugins-a"));
    ThrowawayPlugins.jar(pluginsA, "broken-throws", ThrowingExtractor.class);
    ThrowawayPlugins.jar(pluginsA, "broken-hangs", HangingExtractor.class);
    Files.writeString(pluginsA.resolve("not-a-plugin.jar"), "this is no jar at all\n");
    Path shareA = Files.createDirectories(temp.resolve("share-a"));
    for (int i = 1; i <= 6; i++) {
      Files.writeString(shareA.resolve("ledger-" + i + ".txt"), "entry " + i + "\n");
    }
    byte[] payload = new byte[1024 * 1024];
    new Random(4).nextBytes(payload);
    Files.write(shareA.resolve("ledger-archive.bin"), payload);
    Path dataA = temp.resolve("data-a");
    Path dataB = temp.resolve("data-b");
    startNodes(tracker, shareA, dataA, dataB, "--plugins", pluginsA.toString());

    Map<String, Object> archive =
        diztl.poll(
            "A's archive, hashed, in B's search",
            BOUND,
            () -> search(dataB, "ledger", "archive"),
            hits -> {
              Map<String, Object> hit = named(hits, "ledger-archive.bin");
              return hit != null && hit.get("sha256") != null ? hit : null;
            });
    Path downloads = temp.resolve("got");
    Result get =
        diztl.run(
            "get", (String) archive.get("ref"), "--to", downloads.toString(), "--data", "" + dataB);
    assertEquals(0, get.exit(), get.err());
    assertEquals(
        DiztlProcesses.sha256(payload),
        DiztlProcesses.sha256(Files.readAllBytes(downloads.resolve("ledger-archive.bin"))));

    // A broken extractor costs its files, not the plugin: each file it fails or overruns on is
    // quarantined, and a call deaf to interruption keeps new files from that plugin meanwhile.
    Map<String, Map<String, Object>> plugins =
        diztl.poll(
            "both broken plugins' files quarantined on A",
            BOUND,
            () -> plugins(dataA),
            listing ->
                problem(listing, "broken-throws").contains("deliberately broken extractor")
                        && problem(listing, "broken-hangs").contains("time limit")
                    ? listing
                    : null);
    Map<String, Object> throwing = plugins.get("broken-throws");
    assertEquals("STARTED", throwing.get("state"), throwing.toString());
    assertTrue(((String) throwing.get("problem")).contains("quarantined"), throwing.toString());
    Map<String, Object> hanging = plugins.get("broken-hangs");
    assertEquals("STARTED", hanging.get("state"), hanging.toString());
    assertTrue(((String) hanging.get("problem")).contains("quarantined"), hanging.toString());
    Map<String, Object> garbage =
        plugins.entrySet().stream()
            .filter(entry -> entry.getKey().startsWith("not-a-plugin"))
            .map(Map.Entry::getValue)
            .findFirst()
            .orElseThrow(() -> new AssertionError("the garbage jar is not listed: " + plugins));
    assertEquals("FAILED", garbage.get("state"), garbage.toString());
    assertFalse(((String) garbage.get("problem")).isBlank(), garbage.toString());

    List<Map<String, Object>> ledgers = search(dataB, "ledger");
    assertEquals(7, ledgers.size(), "every file indexed by name: " + ledgers);
    Result status = diztl.run("status", "--data", dataA.toString());
    assertEquals(0, status.exit(), status.err());
    String logA = diztl.log("node-a");
    assertTrue(logA.contains("broken-throws failed on ledger-1.txt"), logA);
    assertTrue(logA.contains("abandoned and quarantined"), logA);
  }

  /**
   * Starts node A with {@code optionsA} and node B with an empty share and a plugins folder of its
   * own, both on {@code tracker}, and waits until B sees the two of them.
   */
  private void startNodes(String tracker, Path shareA, Path dataA, Path dataB, String... optionsA)
      throws IOException {
    diztl.startNode("node-a", shareA, dataA, tracker, optionsA);
    diztl.startNode(
        "node-b",
        Files.createDirectories(temp.resolve("share-b")),
        dataB,
        tracker,
        "--plugins",
        Files.createDirectories(temp.resolve("plugins-b")).toString());
    diztl.awaitPeers(dataB, 2, BOUND);
  }

  /** B's search results as JSON objects; fails unless the search succeeded. */
  private List<Map<String, Object>> search(Path data, String... query) {
    List<String> args = new ArrayList<>(List.of("search"));
    args.addAll(List.of(query));
    args.addAll(List.of("--json", "--data", data.toString()));
    Result result = diztl.run(args.toArray(String[]::new));
    assertEquals(0, result.exit(), String.join(" ", query) + ": " + result.err());
    // The last line is the summary, not a result.
    return DiztlProcesses.parseJsonLines(result.out()).stream()
        .filter(line -> !line.containsKey("summary"))
        .toList();
  }

  private static Map<String, Object> named(List<Map<String, Object>> hits, String name) {
    return hits.stream().filter(hit -> name.equals(hit.get("name"))).findFirst().orElse(null);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> meta(Map<String, Object> hit) {
    Object meta = hit.get("meta");
    return meta == null ? Map.of() : (Map<String, Object>) meta;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> firstSnippet(Map<String, Object> hit) {
    List<Object> snippets = (List<Object>) hit.get("snippets");
    assertFalse(snippets.isEmpty(), "snippets of " + hit);
    return (Map<String, Object>) snippets.getFirst();
  }

  /** The text of the first mark of a snippet of {@code search --json}. */
  @SuppressWarnings("unchecked")
  private static String marked(Map<String, Object> snippet) {
    List<Long> mark = (List<Long>) ((List<Object>) snippet.get("marks")).getFirst();
    return ((String) snippet.get("text")).substring(mark.get(0).intValue(), mark.get(1).intValue());
  }

  /** The problem a plugin of a listing reports, empty when it is not listed or has none. */
  private static String problem(Map<String, Map<String, Object>> plugins, String id) {
    Object problem = plugins.getOrDefault(id, Map.of()).get("problem");
    return problem == null ? "" : (String) problem;
  }

  /** {@code diztl plugins --json} of a node, by plugin id; fails unless the command succeeded. */
  @SuppressWarnings("unchecked")
  private Map<String, Map<String, Object>> plugins(Path data) {
    Result result = diztl.run("plugins", "--json", "--data", data.toString());
    assertEquals(0, result.exit(), result.err());
    Map<String, Object> listing = DiztlProcesses.parseJson(result.out().strip());
    Map<String, Map<String, Object>> byId = new TreeMap<>();
    for (Object plugin : (List<Object>) listing.get("plugins")) {
      Map<String, Object> fields = (Map<String, Object>) plugin;
      byId.put((String) fields.get("id"), fields);
    }
    return byId;
  }
}
