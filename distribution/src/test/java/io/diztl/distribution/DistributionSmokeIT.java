package io.diztl.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the assembled distribution as a user would: {@code bin/diztl} in separate processes, a
 * tracker and two nodes on 127.0.0.1, driven by search, get and status. Every process's output is
 * kept in the test's temporary folder, and the last lines of it are shown when something fails.
 */
class DistributionSmokeIT {

  private static final Path HOME = DiztlProcesses.HOME;
  private static final Path DIZTL = DiztlProcesses.DIZTL;
  private static final Duration READY_BOUND = Duration.ofSeconds(60);
  private static final Pattern PEERS = Pattern.compile("(?m)^peers\\s+(\\d+) online$");
  private static final Pattern NODE_ID = Pattern.compile("(?m)^node\\s+(\\S+)$");

  @TempDir Path temp;

  private DiztlProcesses processes;

  @BeforeEach
  void checkLayout() {
    processes = new DiztlProcesses(temp);
    assertTrue(
        Files.isExecutable(DIZTL),
        DIZTL + " is missing or not executable: run the package phase first");
    assertTrue(Files.isRegularFile(HOME.resolve("bin/find-jdk")));
    assertTrue(Files.isRegularFile(HOME.resolve("conf/logback.xml")));
    assertTrue(Files.isRegularFile(HOME.resolve("plugins/README.md")));
  }

  @AfterEach
  void stopServers() {
    processes.close();
  }

  @Test
  void twoNodesFindAndFetchThroughATracker() throws Exception {
    int trackerPort = freePort();
    start("tracker", "tracker", "--port", "" + trackerPort, "--bind", "127.0.0.1");
    awaitOutput("tracker", "diztl tracker listening on 127.0.0.1:" + trackerPort);
    String pinned = processes.joinAddress("tracker");
    String trackerId = pinned.substring(pinned.indexOf('#') + 1);
    assertEquals("127.0.0.1:" + trackerPort + "#" + trackerId, pinned);
    assertTrue(processes.log("tracker").contains("  identity   " + trackerId), "banner");

    Path shareA = Files.createDirectories(temp.resolve("share-a/photos"));
    byte[] photo = new byte[3 * 1024 * 1024];
    new Random(2019).nextBytes(photo);
    Files.write(shareA.resolve("Holiday_Photo-2019.jpg"), photo);
    Files.writeString(shareA.resolve("packing list.txt"), "towel, sunscreen\n");
    Path shareB = Files.createDirectories(temp.resolve("share-b"));
    Files.writeString(shareB.resolve("readme.txt"), "node b\n");

    String tracker = "127.0.0.1:" + trackerPort;
    Path dataA = temp.resolve("data-a");
    Path dataB = temp.resolve("data-b");
    // A pins the tracker from the start; B learns its identity on first contact.
    startNode("node-a", temp.resolve("share-a"), dataA, pinned);
    startNode("node-b", shareB, dataB, tracker);

    String statusB =
        poll(
            "status of B with 2 peers online",
            () -> run("status", "--data", dataB.toString()),
            result ->
                result.exit() == 0 && peers(result.out()).equals(Optional.of(2))
                    ? result.out()
                    : null);
    assertTrue(statusB.contains("tracker    " + pinned + ", connected"), statusB);
    String nodeA = match(NODE_ID, run("status", "--data", dataA.toString()).out());
    assertTrue(nodeA.matches("[a-z2-7]{27}"), nodeA);
    for (String file : List.of("identity-key.pem", "identity-cert.pem")) {
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(dataA.resolve(file))),
          file);
    }

    Map<String, Object> hit =
        poll(
            "A's photo, hashed, in B's search",
            () -> run("search", "holiday", "photo", "--json", "--data", dataB.toString()),
            result -> {
              assertEquals(0, result.exit(), result.err());
              List<Map<String, Object>> hits = DiztlProcesses.parseJsonLines(result.out());
              return hits.stream()
                  .filter(
                      h ->
                          "Holiday_Photo-2019.jpg".equals(h.get("name")) && h.get("sha256") != null)
                  .findFirst()
                  .orElse(null);
            });
    String sha256 = sha256(photo);
    assertEquals(nodeA, hit.get("node"));
    assertEquals("photos/Holiday_Photo-2019.jpg", hit.get("path"));
    assertEquals((long) photo.length, hit.get("size"));
    assertEquals("image", hit.get("type"));
    assertEquals(sha256, hit.get("sha256"));
    assertTrue(((String) hit.get("ref")).startsWith(nodeA + ":"), hit.toString());

    Path downloads = temp.resolve("got");
    DiztlProcesses.Result get =
        run(
            "get",
            (String) hit.get("ref"),
            "--to",
            downloads.toString(),
            "--data",
            dataB.toString());
    assertEquals(0, get.exit(), get.err());
    List<String> outLines = get.out().lines().toList();
    Path saved = Path.of(outLines.getLast());
    assertEquals(downloads.resolve("Holiday_Photo-2019.jpg"), saved);
    assertEquals(sha256, sha256(Files.readAllBytes(saved)));
    assertTrue(get.err().contains("Holiday_Photo-2019.jpg: 100% (3.0 MiB of 3.0 MiB)"), get.err());
    assertNoJvmWarnings(get.err());

    DiztlProcesses.Result table = run("search", "holiday", "--data", dataB.toString());
    assertEquals(0, table.exit(), table.err());
    assertTrue(table.out().startsWith("REF "), table.out());
    assertTrue(
        table.out().contains(hit.get("ref") + "  Holiday_Photo-2019.jpg  3.0 MiB  image  "),
        table.out());
    assertTrue(
        table.err().matches("(?s)\\d+ results? from 2 of 2 nodes \\(0 failed, 0 timed out\\).*"),
        table.err());

    DiztlProcesses.Result badType =
        run("search", "--type", "nosuch", "x", "--data", dataB.toString());
    assertNotEquals(0, badType.exit());
    assertEquals("", badType.out());
    assertEquals(1, badType.err().lines().count(), badType.err());
    assertTrue(
        badType.err().startsWith("diztl: ")
            && badType.err().contains("expected one of video, image"),
        badType.err());
    assertFalse(badType.err().contains("Exception"), badType.err());

    for (String name : List.of("tracker", "node-a", "node-b")) {
      assertNoJvmWarnings(processes.log(name));
    }
  }

  @Test
  void insecureModeWorksEndToEndAndWarnsAtEveryStart() throws Exception {
    int trackerPort = freePort();
    start("tracker", "tracker", "--port", "" + trackerPort, "--bind", "127.0.0.1", "--insecure");
    awaitOutput(
        "tracker", "  join with  diztl node --tracker 127.0.0.1:" + trackerPort + " --insecure");
    Path shareA = Files.createDirectories(temp.resolve("share-a"));
    Files.writeString(shareA.resolve("plain notes.txt"), "nothing secret\n");
    Path dataA = temp.resolve("data-a");
    Path dataB = temp.resolve("data-b");
    String tracker = "127.0.0.1:" + trackerPort;
    processes.startNode("node-a", shareA, dataA, tracker, "--insecure");
    processes.startNode(
        "node-b", Files.createDirectories(temp.resolve("share-b")), dataB, tracker, "--insecure");
    // A node with TLS cannot join a plain-text tracker, and its log says why.
    processes.startNode(
        "node-tls",
        Files.createDirectories(temp.resolve("share-c")),
        temp.resolve("data-c"),
        tracker);

    Map<String, Object> hit =
        poll(
            "A's notes in B's search",
            () -> run("search", "plain", "notes", "--json", "--data", dataB.toString()),
            result ->
                DiztlProcesses.parseJsonLines(result.out()).stream()
                    .filter(h -> h.get("sha256") != null)
                    .findFirst()
                    .orElse(null));
    Path downloads = temp.resolve("got");
    DiztlProcesses.Result get =
        run(
            "get",
            (String) hit.get("ref"),
            "--to",
            downloads.toString(),
            "--data",
            dataB.toString());
    assertEquals(0, get.exit(), get.err());
    assertEquals("nothing secret\n", Files.readString(downloads.resolve("plain notes.txt")));
    assertEquals(Optional.of(2), peers(run("status", "--data", dataB.toString()).out()));

    for (String name : List.of("tracker", "node-a", "node-b")) {
      assertTrue(processes.log(name).contains("warning: --insecure: plain text without TLS"), name);
    }
    poll(
        "the TLS node's reason",
        () -> {
          try {
            return processes.log("node-tls");
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        log ->
            log.contains("the other side does not speak TLS (does it run with --insecure?)")
                ? log
                : null);
  }

  @Test
  void aNodeWithoutTrackerRunsItsOwnAndKeepsToHome() throws Exception {
    int trackerPort = freePort();
    Path home = Files.createDirectories(temp.resolve("home"));
    Path share = Files.createDirectories(home.resolve("Documents/diztl/share"));
    Files.writeString(share.resolve("alone.txt"), "just me\n");
    start(
        "node",
        "node",
        "--tracker-port",
        "" + trackerPort,
        "--port",
        "" + freePort(),
        "--bind",
        "127.0.0.1",
        "--advertise",
        "127.0.0.1",
        "--ui-port",
        "0",
        "--metrics-port",
        "0");
    String embeddedId =
        poll(
            "the node's banner",
            () -> {
              try {
                return processes.log("node");
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            log -> {
              Matcher banner =
                  Pattern.compile(
                          "(?m)^  tracker    127\\.0\\.0\\.1:"
                              + trackerPort
                              + "#([a-z2-7]{27}) \\(run here, listening on 127\\.0\\.0\\.1:"
                              + trackerPort
                              + "\\)$")
                      .matcher(log);
              return banner.find() ? banner.group(1) : null;
            });
    assertFalse(
        processes.log("node").contains("so that other users cannot read it"),
        "a data folder made at first start is owner-only from the first: nothing to fix or warn");
    String embedded = "127.0.0.1:" + trackerPort + "#" + embeddedId;

    String status =
        poll(
            "status of a connected node with its own tracker",
            () -> run("status"),
            result ->
                result.exit() == 0 && result.out().contains(", connected, embedded")
                    ? result.out()
                    : null);
    assertTrue(
        status.contains("tracker    " + embedded + ", connected, embedded (run by this node)"),
        status);
    assertEquals(Optional.of(1), peers(status));
    assertTrue(status.contains("share      " + share + System.lineSeparator()), status);
    assertTrue(
        status.contains("downloads  " + share.resolve("output") + System.lineSeparator()), status);
    assertTrue(Files.isDirectory(home.resolve(".diztl")), "the default data folder is in $HOME");

    DiztlProcesses.Result search = run("search", "alone", "--json");
    assertEquals(0, search.exit(), search.err());
    assertTrue(search.out().contains("\"name\":\"alone.txt\""), search.out());
    List<Map<String, Object>> lines = DiztlProcesses.parseJsonLines(search.out());
    @SuppressWarnings("unchecked")
    Map<String, Object> summary = (Map<String, Object>) lines.getLast().get("summary");
    assertEquals(1L, summary.get("results"), search.out());
    assertEquals(1L, summary.get("answered"), search.out());
    @SuppressWarnings("unchecked")
    Map<String, Object> outcome = ((List<Map<String, Object>>) summary.get("outcomes")).get(0);
    assertEquals("answered", outcome.get("state"));
    assertTrue(outcome.get("elapsed_ms") instanceof Long, outcome.toString());

    // The node and the tracker it runs share one metrics listener, on loopback.
    Matcher url =
        Pattern.compile("(?m)^  metrics    (http://127\\.0\\.0\\.1:\\d+/metrics)$")
            .matcher(processes.log("node"));
    assertTrue(url.find(), processes.log("node"));
    HttpResponse<String> scrape =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url.group(1))).build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, scrape.statusCode());
    for (String line :
        List.of(
            "diztl_index_files 1.0",
            "diztl_tracker_nodes_live 1.0",
            "diztl_searches_total{outcome=\"finished\"} 1.0")) {
      assertTrue(scrape.body().lines().anyMatch(line::equals), () -> line + " in " + scrape.body());
    }

    // The bundled web UI: `diztl ui` prints a one-time login address; it opens the search page.
    DiztlProcesses.Result ui = run("ui");
    assertEquals(0, ui.exit(), ui.err());
    Matcher login =
        Pattern.compile("^http://127\\.0\\.0\\.1:\\d+/\\?token=\\S+$").matcher(ui.out().strip());
    assertTrue(login.matches(), ui.out());
    HttpClient browser =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    HttpResponse<String> page =
        browser.send(
            HttpRequest.newBuilder(URI.create(login.group())).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode(), page.body());
    assertFalse(page.uri().toString().contains("token="), page.uri().toString());
    assertTrue(page.body().contains("<input type=\"search\" name=\"q\""), page.body());
    assertTrue(
        page.headers()
            .firstValue("Content-Security-Policy")
            .orElse("")
            .contains("default-src 'self'"),
        page.headers().toString());
    HttpResponse<String> reused =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(login.group())).build(),
                HttpResponse.BodyHandlers.ofString());
    assertNotEquals(200, reused.statusCode(), "a login address works once");

    // With the ahead-of-time cache (Java 25+): the first client command starts recording it in
    // the background, the next ones use it; neither says a word about it.
    processes.environment("DIZTL_AOT", "on");
    Path caches = home.resolve(".cache/diztl");
    Map<String, Object> first = statusJson();
    assertEquals(match(NODE_ID, status), first.get("node"));
    assertEquals(embedded, first.get("tracker"));
    assertEquals(true, first.get("tracker_connected"));
    assertEquals(true, first.get("embedded_tracker"));
    assertEquals(1L, first.get("files_indexed"));
    assertEquals(1L, first.get("peers_online"));
    assertEquals(share.toString(), first.get("share"));
    assertEquals(share.resolve("output").toString(), first.get("downloads"));
    if (Runtime.version().feature() >= 25) {
      poll(
          "an ahead-of-time cache in " + caches,
          () -> cacheFiles(caches),
          files ->
              files.equals(List.of("client.aot", "client.aot.key")) ? files : null);
    }
    assertEquals(first.keySet(), statusJson().keySet());
    assertEquals(first.keySet(), statusJson().keySet());

    // A cache the JVM cannot take (stale, damaged, or for another JDK under the same path) costs
    // only time: the command answers as before and says nothing about it.
    for (String name : cacheFiles(caches)) {
      Files.write(
          caches.resolve(name), new byte[] {'n', 'o', 't', ' ', 'a', 'n', ' ', 'A', 'O', 'T'});
    }
    assertEquals(first.get("node"), statusJson().get("node"));
    DiztlProcesses.Result hits = run("search", "alone");
    assertEquals(0, hits.exit(), hits.err());
    assertTrue(hits.out().contains("alone.txt"), hits.out());

    // Every client command runs on the client class path (bin/diztl): none misses a class there.
    DiztlProcesses.Result browse = run("browse", first.get("node").toString());
    assertEquals(0, browse.exit(), browse.err());
    assertTrue(browse.out().contains("alone.txt"), browse.out());
    for (List<String> command :
        List.of(
            List.of("downloads"),
            List.of("downloads", "--json"),
            List.of("plugins", "--json"),
            List.of("watch", "--help"),
            List.of("get", "--help"),
            List.of("key", "--help"))) {
      DiztlProcesses.Result result = run(command.toArray(String[]::new));
      assertEquals(0, result.exit(), command + ": " + result.err());
      assertEquals("", result.err(), command.toString());
    }
  }

  @Test
  void helpAndShellCompletionComeFromTheCommandTree() throws Exception {
    DiztlProcesses.Result help = run("help", "status");
    assertEquals(0, help.exit(), help.err());
    assertTrue(help.out().startsWith("Usage: diztl status "), help.out());
    assertTrue(help.out().contains("--json"), help.out());
    assertEquals("", help.err());
    // The same help from the command alone, which runs on the client class path.
    assertEquals(help.out(), run("status", "--help").out());

    DiztlProcesses.Result usage = run("--help");
    assertEquals(0, usage.exit(), usage.err());
    for (String command : List.of("tracker", "node", "search", "status", "watch", "help")) {
      assertTrue(usage.out().contains(System.lineSeparator() + "  " + command + " "), usage.out());
    }
    assertEquals(0, run("help", "node").exit());
    assertTrue(run("help", "node").out().startsWith("Usage: diztl node "));

    // The version of the build, not "(development build)": on the class path it comes from the
    // launcher jar's manifest.
    DiztlProcesses.Result version = run("--version");
    assertEquals(0, version.exit(), version.err());
    assertTrue(version.out().matches("(?s)diztl \\d+\\.\\d+\\.\\d+\\S*\\R+Java .*"), version.out());
    assertEquals("", version.err());

    Path completion = HOME.resolve("bin/diztl-completion.bash");
    Matcher commands =
        Pattern.compile("(?m)^\\s*local commands=\"([^\"]*)\"")
            .matcher(Files.readString(completion));
    assertTrue(commands.find(), completion + " lists no commands");
    assertTrue(
        List.of(commands.group(1).split(" "))
            .containsAll(
                List.of(
                    "tracker", "node", "search", "get", "status", "browse", "plugins", "ui",
                    "help")),
        commands.group(1));
    Process bash =
        new ProcessBuilder("bash", "-c", ". \"$0\" && complete -p diztl", completion.toString())
            .redirectErrorStream(true)
            .start();
    String registered = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, bash.waitFor(), registered);
    assertTrue(registered.contains(" diztl"), registered);
  }

  /** {@code status --json} of the node in $HOME, checked to say nothing on stderr. */
  private Map<String, Object> statusJson() {
    DiztlProcesses.Result result = run("status", "--json");
    assertEquals(0, result.exit(), result.err());
    assertEquals("", result.err());
    assertEquals(1, result.out().lines().count(), result.out());
    return DiztlProcesses.parseJson(result.out().strip());
  }

  /** The names in the cache folder, empty while there is none. */
  private static List<String> cacheFiles(Path caches) {
    if (!Files.isDirectory(caches)) {
      return List.of();
    }
    try (var files = Files.list(caches)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theTarballHoldsTheSameLayoutWithExecutableScripts() throws Exception {
    Path target = HOME.getParent();
    Path tarball;
    try (var files = Files.list(target)) {
      tarball =
          files
              .filter(f -> f.getFileName().toString().matches("diztl-.+\\.tar\\.gz"))
              .findFirst()
              .orElseThrow();
    }
    String top = tarball.getFileName().toString().replace(".tar.gz", "");
    Process tar =
        new ProcessBuilder("tar", "-tvzf", tarball.toString()).redirectErrorStream(true).start();
    String listing = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, tar.waitFor());
    assertTrue(
        listing.matches("(?s).*-rwxr-xr-x .* " + Pattern.quote(top + "/bin/diztl") + "\n.*"),
        listing);
    assertTrue(
        listing.matches("(?s).*-rwxr-xr-x .* " + Pattern.quote(top + "/bin/find-jdk") + "\n.*"),
        listing);
    assertTrue(
        listing.matches("(?s).*-rwxr-xr-x .* " + Pattern.quote(top + "/bin/aot-cache") + "\n.*"),
        listing);
    assertTrue(listing.contains(top + "/bin/diztl-completion.bash"), listing);
    try (var jars = Files.list(HOME.resolve("lib"))) {
      for (Path jar : jars.toList()) {
        assertTrue(
            listing.contains(top + "/lib/" + jar.getFileName()), jar + " missing from the tarball");
      }
    }
    assertTrue(listing.contains(top + "/conf/logback.xml"), listing);
    assertTrue(listing.contains(top + "/plugins/README.md"), listing);
  }

  private void startNode(String name, Path share, Path data, String tracker) throws IOException {
    processes.startNode(name, share, data, tracker);
  }

  private void start(String name, String... args) throws IOException {
    processes.start(name, args);
  }

  private DiztlProcesses.Result run(String... args) {
    return processes.run(args);
  }

  private void awaitOutput(String server, String line) {
    processes.awaitOutput(server, line, READY_BOUND);
  }

  private <A, T> T poll(String what, Supplier<A> attempt, Function<A, T> check) {
    return processes.poll(what, READY_BOUND, attempt, check);
  }

  private static void assertNoJvmWarnings(String stderr) {
    assertFalse(stderr.lines().anyMatch(l -> l.startsWith("WARNING")), stderr);
  }

  private static Optional<Integer> peers(String status) {
    Matcher matcher = PEERS.matcher(status);
    return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
  }

  private static String match(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    assertTrue(matcher.find(), text);
    return matcher.group(1);
  }

  private static int freePort() throws IOException {
    return DiztlProcesses.freePort();
  }

  private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
    return DiztlProcesses.sha256(bytes);
  }
}
