package io.diztl.pluginhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.metadata.FieldSpec;
import io.diztl.api.metadata.FieldType;
import io.diztl.api.metadata.FileSample;
import io.diztl.api.metadata.Metadata;
import io.diztl.api.search.MatchFields;
import io.diztl.api.ui.NodeFacade;
import io.diztl.pluginhost.fixtures.ConstructorThrowingExtractor;
import io.diztl.pluginhost.fixtures.EchoMatcher;
import io.diztl.pluginhost.fixtures.HangingExtractor;
import io.diztl.pluginhost.fixtures.NumberExtractor;
import io.diztl.pluginhost.fixtures.PluginJarBuilder;
import io.diztl.pluginhost.fixtures.Probe;
import io.diztl.pluginhost.fixtures.RecordingUi;
import io.diztl.pluginhost.fixtures.ThrowingExtractor;
import io.diztl.pluginhost.fixtures.WordExtractor;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.lucene.search.TermQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real plugin host on plugin jars and zips written into a temporary folder. */
class PluginHostIT {

  private static final PluginHostConfig FAST =
      new PluginHostConfig(Duration.ofSeconds(5), 5, 2, Duration.ofMillis(100));

  private static final MatchFields FIELDS =
      new MatchFields() {
        @Override
        public String nameWords() {
          return "name.words";
        }

        @Override
        public String nameExact() {
          return "name.exact";
        }

        @Override
        public String pathExact() {
          return "path.exact";
        }
      };

  @TempDir Path root;

  private Path plugins;
  private Path work;
  private Path files;
  private PluginHost host;

  @BeforeEach
  void folders() throws Exception {
    plugins = root.resolve("plugins");
    work = root.resolve("work");
    files = root.resolve("files");
    Files.createDirectories(files);
    Probe.clear();
  }

  @AfterEach
  void close() {
    if (host != null) {
      host.close();
    }
  }

  private static PluginJarBuilder words() {
    return PluginJarBuilder.plugin("words")
        .description("first words")
        .extension(WordExtractor.class)
        .extension(EchoMatcher.class);
  }

  private FileSample sample(String name, String content) throws Exception {
    Path file = Files.writeString(files.resolve(name), content);
    String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
    return new FileSample(file, name, name, extension, Files.size(file));
  }

  private static Map<String, Object> values(List<Metadata.Value> values) {
    return values.stream()
        .collect(Collectors.toMap(value -> value.field().name(), Metadata.Value::value));
  }

  private PluginView view(String id) {
    return host.plugins().stream()
        .filter(plugin -> plugin.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no plugin " + id + " in " + host.plugins()));
  }

  private static void eventually(String what, BooleanSupplier condition) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void loadsAJarAtStartAndOffersItsExtensions() throws Exception {
    words().writeJar(plugins);

    host = PluginHost.start(plugins, work, FAST);

    assertEquals(
        List.of("myfield", "loader"), host.fields().stream().map(FieldSpec::name).toList());
    assertEquals("words@1.0.0:" + WordExtractor.class.getName(), host.extractorsVersion());
    assertEquals(
        Map.of("myfield", "hello", "loader", "PluginClassLoader"),
        values(host.extract(sample("greeting.txt", "hello world"))));
    assertEquals(List.of(), host.extract(sample("photo.jpg", "not text")));
    assertInstanceOf(TermQuery.class, host.matchers().get("echo").toQuery("notes.txt", FIELDS));
    PluginView view = view("words");
    assertEquals("1.0.0", view.version());
    assertEquals("STARTED", view.state());
    assertEquals("first words", view.description());
    assertEquals(
        List.of(
            "extractor WordExtractor (myfield, loader)",
            "matcher echo: the file with exactly this name, e.g. echo:notes.txt"),
        view.extensions());
    assertEquals("", view.problem());
  }

  @Test
  void loadsAZipAgainWhenReplacedAndDeletesItsExpandedFolderWhenItGoes() throws Exception {
    Path zip = words().writeZip(plugins);
    host = PluginHost.start(plugins, work, FAST);

    assertEquals("STARTED", view("words").state());
    assertTrue(Files.isDirectory(work.resolve("words-1.0.0")));
    assertFalse(Files.exists(plugins.resolve("words-1.0.0")), "the plugins folder is only read");
    assertEquals("hello", values(host.extract(sample("a.txt", "hello there"))).get("myfield"));

    words().description("first words, again").writeZip(plugins);

    eventually(
        "the replaced zip is loaded again",
        () -> view("words").description().equals("first words, again"));
    assertEquals("STARTED", view("words").state());
    assertEquals("again", values(host.extract(sample("b.txt", "again and again"))).get("myfield"));

    Files.delete(zip);

    eventually("the zip's plugin is unloaded", () -> host.plugins().isEmpty());
    eventually("the expanded folder is deleted", () -> !Files.exists(work.resolve("words-1.0.0")));
    assertEquals(List.of(), host.fields());
  }

  @Test
  void loadsAPluginDroppedInWhileRunningAndUnloadsItWhenRemoved() throws Exception {
    host = PluginHost.start(plugins, work, FAST);
    AtomicInteger changes = new AtomicInteger();
    host.addListener(changes::incrementAndGet);
    assertEquals(List.of(), host.plugins());
    assertEquals("", host.extractorsVersion());

    Path jar = words().writeJar(plugins);

    eventually("the dropped-in plugin starts", () -> !host.fields().isEmpty());
    eventually("the listener hears of it", () -> changes.get() >= 1);
    assertEquals("STARTED", view("words").state());
    assertTrue(host.matchers().containsKey("echo"));
    assertEquals("hello", values(host.extract(sample("b.txt", "hello"))).get("myfield"));

    int before = changes.get();
    Files.delete(jar);

    eventually("the removed plugin is unloaded", () -> host.plugins().isEmpty());
    eventually("the listener hears of it", () -> changes.get() > before);
    assertEquals(List.of(), host.fields());
    assertEquals(Map.of(), host.matchers());
    assertEquals(List.of(), host.extract(sample("c.txt", "hello")));
  }

  @Test
  void respectsDisabledTxtAtStartAndWhileRunning() throws Exception {
    words().writeJar(plugins);
    Files.writeString(plugins.resolve("disabled.txt"), "words\n");

    host = PluginHost.start(plugins, work, FAST);

    assertEquals("DISABLED", view("words").state());
    assertEquals(
        "disabled by disabled.txt (or enabled.txt) in the plugins folder", view("words").problem());
    assertEquals(List.of(), host.fields());

    Files.writeString(plugins.resolve("disabled.txt"), "# nothing disabled\n");

    eventually("the plugin is enabled again", () -> view("words").state().equals("STARTED"));
    assertFalse(host.fields().isEmpty());
    assertEquals("", view("words").problem());

    Files.writeString(plugins.resolve("disabled.txt"), "words\n");

    eventually("the plugin is disabled again", () -> view("words").state().equals("DISABLED"));
    assertEquals(List.of(), host.fields());
  }

  @Test
  void brokenPluginFilesAreListedAsFailedAndTheOthersRun() throws Exception {
    PluginJarBuilder.writeGarbage(plugins.resolve("garbage.jar"));
    PluginJarBuilder.plugin("missing").listedOnly("com.example.Missing").writeJar(plugins);
    PluginJarBuilder.plugin("unborn")
        .extension(ConstructorThrowingExtractor.class)
        .writeJar(plugins);
    words().writeJar(plugins);

    host = PluginHost.start(plugins, work, FAST);

    assertEquals("STARTED", view("words").state());
    assertEquals(
        Map.of("myfield", "ok", "loader", "PluginClassLoader"),
        values(host.extract(sample("d.txt", "ok"))));

    PluginView garbage = view("garbage.jar");
    assertEquals("FAILED", garbage.state());
    assertTrue(
        garbage
            .problem()
            .startsWith("cannot load garbage.jar: it is not a readable jar or zip file"),
        garbage.problem());

    PluginView missing = view("missing");
    assertEquals("FAILED", missing.state());
    assertTrue(
        missing.problem().contains("extension class com.example.Missing cannot be loaded"),
        missing.problem());

    PluginView unborn = view("unborn");
    assertEquals("FAILED", unborn.state());
    assertTrue(
        unborn.problem().contains(ConstructorThrowingExtractor.class.getName()), unborn.problem());
    assertTrue(unborn.problem().contains("constructor broken on purpose"), unborn.problem());
  }

  @Test
  void anExtractorFailingOnEveryFileIsContainedThenDisabledAfterItsBudget() throws Exception {
    PluginJarBuilder.plugin("a-throws").extension(ThrowingExtractor.class).writeJar(plugins);
    words().writeJar(plugins);
    host = PluginHost.start(plugins, work, FAST);
    AtomicInteger changes = new AtomicInteger();
    host.addListener(changes::incrementAndGet);

    for (int i = 1; i <= 4; i++) {
      assertEquals("w" + i, values(host.extract(sample(i + ".txt", "w" + i))).get("myfield"));
      assertEquals("STARTED", view("a-throws").state());
    }
    assertEquals("w5", values(host.extract(sample("5.txt", "w5"))).get("myfield"));

    PluginView disabled = view("a-throws");
    assertEquals("STOPPED", disabled.state());
    assertTrue(
        disabled
            .problem()
            .startsWith("disabled for this run: it failed on most files it took: 5 of 5"),
        disabled.problem());
    assertTrue(disabled.problem().contains("broken on purpose: 5.txt"), disabled.problem());
    assertEquals(1, changes.get());
    assertFalse(host.fields().stream().anyMatch(field -> field.name().equals("boom")));
    assertEquals("STARTED", view("words").state());
  }

  @Test
  void aHangingExtractorHitsTheTimeLimitThenGetsNoNewFileWhileItsCallStillRuns() throws Exception {
    PluginJarBuilder.plugin("a-hangs").extension(HangingExtractor.class).writeJar(plugins);
    words().writeJar(plugins);
    host =
        PluginHost.start(
            plugins,
            work,
            PluginHostConfig.defaults().withExtractionTimeLimit(Duration.ofMillis(300)));

    assertEquals("first", values(host.extract(sample("1.txt", "first"))).get("myfield"));
    assertEquals("second", values(host.extract(sample("2.txt", "second"))).get("myfield"));
    assertEquals("third", values(host.extract(sample("3.txt", "third"))).get("myfield"));

    assertEquals(List.of("hanging on 1.txt"), Probe.events());
    PluginView busy = view("a-hangs");
    assertEquals("STARTED", busy.state());
    assertTrue(
        busy.problem().contains("1 call(s) over the time limit still running"), busy.problem());
    assertTrue(
        busy.problem()
            .contains(
                "1 file(s) quarantined, not tried again this run unless changed:"
                    + " 1.txt (took longer than 300 ms)"),
        busy.problem());
  }

  @Test
  void matcherFailuresOtherThanBadArgumentsNameThePlugin() throws Exception {
    words().writeJar(plugins);
    host = PluginHost.start(plugins, work, FAST);
    var echo = host.matchers().get("echo");

    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> echo.toQuery("bad", FIELDS));
    assertEquals("echo: does not like 'bad'", bad.getMessage());
    DiztlException crash = assertThrows(DiztlException.class, () -> echo.toQuery("crash", FIELDS));
    assertEquals(
        "matcher 'echo:' of plugin words failed: IllegalStateException: echo crashed on purpose",
        crash.getMessage());
  }

  @Test
  void aLaterExtractorDeclaringAFieldWithAnotherTypeIsRefused() throws Exception {
    words().writeJar(plugins);
    PluginJarBuilder.plugin("z-numbers").extension(NumberExtractor.class).writeJar(plugins);

    host = PluginHost.start(plugins, work, FAST);

    assertEquals(FieldType.KEYWORD, host.fields().getFirst().type());
    assertEquals("words@1.0.0:" + WordExtractor.class.getName(), host.extractorsVersion());
    PluginView refused = view("z-numbers");
    assertEquals("STARTED", refused.state());
    assertEquals(
        "extractor "
            + NumberExtractor.class.getName()
            + " refused: it declares field 'myfield' as NUMBER but plugin words declares it as"
            + " KEYWORD",
        refused.problem());
  }

  @Test
  void userInterfacesStartWithTheNodeAndWhenTheyArriveAndStopWhenTheyGo() throws Exception {
    PluginJarBuilder.plugin("ui-one").extension(RecordingUi.class).writeJar(plugins);
    host = PluginHost.start(plugins, work, FAST);
    assertEquals(List.of(), Probe.events());

    host.startUis(stubNode("n1"));
    assertEquals(List.of("ui started for n1"), Probe.events());
    assertEquals(List.of("ui recorder"), view("ui-one").extensions());

    Path second = PluginJarBuilder.plugin("ui-two").extension(RecordingUi.class).writeJar(plugins);
    eventually("the dropped-in interface starts", () -> Probe.events().size() == 2);
    assertEquals("ui started for n1", Probe.events().get(1));

    Files.delete(second);
    eventually("the removed interface stops", () -> Probe.events().size() == 3);
    assertEquals("ui stopped", Probe.events().get(2));

    host.close();
    assertEquals(
        List.of("ui started for n1", "ui started for n1", "ui stopped", "ui stopped"),
        Probe.events());
    host.close();
    assertEquals(4, Probe.events().size());
  }

  @Test
  void runningUserInterfacesGiveLoginLinks() throws Exception {
    PluginJarBuilder.plugin("ui-one").extension(RecordingUi.class).writeJar(plugins);
    host = PluginHost.start(plugins, work, FAST);
    assertEquals(List.of(), host.uiLinks(), "not started yet");

    host.startUis(stubNode("n1"));

    assertEquals(List.of(RecordingUi.LOGIN_URL), host.uiLinks());
    host.stopUis();
    assertEquals(List.of(), host.uiLinks());
  }

  @Test
  void enablesAndDisablesPluginsThroughDisabledTxt() throws Exception {
    PluginJarBuilder.plugin("words").extension(WordExtractor.class).writeJar(plugins);
    Files.writeString(plugins.resolve("disabled.txt"), "# kept\nother\n");
    host = PluginHost.start(plugins, work, FAST);

    host.setEnabled("words", false);

    assertEquals(
        List.of("# kept", "other", "words"), Files.readAllLines(plugins.resolve("disabled.txt")));
    assertEquals("DISABLED", view("words").state());
    host.setEnabled("words", false);
    assertEquals(3, Files.readAllLines(plugins.resolve("disabled.txt")).size(), "idempotent");

    host.setEnabled("words", true);

    assertEquals(List.of("# kept", "other"), Files.readAllLines(plugins.resolve("disabled.txt")));
    assertEquals("STARTED", view("words").state());
    DiztlException unknown =
        assertThrows(DiztlException.class, () -> host.setEnabled("nope", true));
    assertEquals(ErrorKind.NOT_FOUND, unknown.kind());
    assertTrue(unknown.getMessage().contains("expected one of words"), unknown.getMessage());
  }

  /** A node facade that only knows its id. */
  private static NodeFacade stubNode(String nodeId) {
    return (NodeFacade)
        Proxy.newProxyInstance(
            NodeFacade.class.getClassLoader(),
            new Class<?>[] {NodeFacade.class},
            (proxy, method, args) -> {
              if (method.getName().equals("nodeId")) {
                return nodeId;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }
}
