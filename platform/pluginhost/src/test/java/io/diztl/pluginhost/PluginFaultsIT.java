package io.diztl.pluginhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.metadata.FileSample;
import io.diztl.api.metadata.Metadata;
import io.diztl.pluginhost.fixtures.MoodyExtractor;
import io.diztl.pluginhost.fixtures.PluginJarBuilder;
import io.diztl.pluginhost.fixtures.Probe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin loaded from a real jar that fails, spins or hangs on some files: those files are
 * quarantined, the plugin keeps extracting the others, a call over the limit is stopped for real
 * when it heeds the interrupt, and the plugin takes no new file while one that does not still runs.
 */
class PluginFaultsIT {

  private static final PluginHostConfig CONFIG =
      new PluginHostConfig(Duration.ofMillis(300), 5, 1, Duration.ofMillis(100));

  @TempDir Path root;
  private Path files;
  private PluginHost host;

  @BeforeEach
  void start() throws Exception {
    Path plugins = root.resolve("plugins");
    files = Files.createDirectories(root.resolve("files"));
    Probe.clear();
    PluginJarBuilder.plugin("moody").extension(MoodyExtractor.class).writeJar(plugins);
    host = PluginHost.start(plugins, root.resolve("work"), CONFIG);
  }

  @AfterEach
  void stop() {
    host.close();
  }

  @Test
  void aFailingFileIsQuarantinedAndThePluginKeepsWorkingOnTheOthers() throws Exception {
    FileSample poison = sample("poison.mood", "fail");
    assertEquals(Optional.empty(), mood(poison));
    for (int i = 0; i < 10; i++) {
      assertEquals(Optional.of("calm"), mood(sample(i + ".mood", "calm")));
      assertEquals(Optional.empty(), mood(poison), "quarantined, not tried again");
    }
    assertEquals(1, Probe.events().stream().filter(e -> e.equals("took poison.mood")).count());
    assertEquals(Optional.empty(), mood(sample("other.mood", "fail")));
    PluginView view = view();
    assertEquals("STARTED", view.state());
    assertTrue(view.problem().contains("2 file(s) quarantined"), view.problem());
    assertTrue(
        view.problem().contains("poison.mood (IllegalStateException: moody about poison.mood)"),
        view.problem());

    // Changed (another modification time), the file is tried again.
    Files.setLastModifiedTime(poison.path(), FileTime.fromMillis(1_000));
    Files.writeString(poison.path(), "happy");
    Files.setLastModifiedTime(poison.path(), FileTime.fromMillis(2_000));
    FileSample changed =
        new FileSample(poison.path(), poison.relativePath(), poison.name(), "mood", 5);
    assertEquals(Optional.of("happy"), mood(changed));
  }

  @Test
  void aPluginFailingOnMostFilesIsStillDisabled() throws Exception {
    for (int i = 0; i < 4; i++) {
      mood(sample(i + ".mood", "fail"));
      assertEquals("STARTED", view().state());
    }
    mood(sample("4.mood", "fail"));
    assertEquals("STOPPED", view().state());
    assertTrue(
        view()
            .problem()
            .startsWith("disabled for this run: it failed on most files it took: 5 of 5"),
        view().problem());
  }

  @Test
  void aCallOverTheLimitThatHeedsTheInterruptIsStoppedForReal() throws Exception {
    assertEquals(Optional.empty(), mood(sample("spin.mood", "spin")));
    eventually("the spinning call stopped", () -> Probe.events().contains("stopped on spin.mood"));
    eventually("the plugin is free again", () -> !view().problem().contains("still running"));
    assertEquals(Optional.of("next"), mood(sample("next.mood", "next")));
  }

  @Test
  void aCallDeafToTheInterruptKeepsThePluginFromNewFilesUntilItEnds() throws Exception {
    assertEquals(Optional.empty(), mood(sample("deaf.mood", "deaf 1500")));
    assertEquals(Optional.empty(), mood(sample("while.mood", "while")));
    assertFalse(Probe.events().contains("took while.mood"), Probe.events().toString());
    assertTrue(view().problem().contains("1 call(s) over the time limit still running"));
    assertEquals("STARTED", view().state());

    eventually("the deaf call ended", () -> Probe.events().contains("deaf done deaf.mood"));
    eventually("the plugin is free again", () -> !view().problem().contains("still running"));
    assertEquals(Optional.of("after"), mood(sample("after.mood", "after")));
    assertTrue(view().problem().contains("deaf.mood (took longer than 300 ms)"), view().problem());
  }

  @Test
  void filesHandedOverTogetherGoOnPastAFailingOne() throws Exception {
    List<FileSample> batch =
        List.of(sample("a.mood", "calm"), sample("poison.mood", "fail"), sample("b.mood", "glad"));

    List<Optional<Object>> moods = host.extractEach(batch).stream().map(this::mood).toList();

    assertEquals(List.of(Optional.of("calm"), Optional.empty(), Optional.of("glad")), moods);
    assertTrue(view().problem().contains("poison.mood (IllegalStateException"), view().problem());
    assertEquals(Optional.empty(), mood(poison()), "quarantined, not tried again");
    assertEquals(1, Probe.events().stream().filter(e -> e.equals("took poison.mood")).count());
  }

  @Test
  void filesHandedOverTogetherWaitNotForACallDeafToTheInterrupt() throws Exception {
    List<FileSample> batch =
        List.of(
            sample("first.mood", "first"),
            sample("deaf.mood", "deaf 1500"),
            sample("while.mood", "while"));

    List<Optional<Object>> moods = host.extractEach(batch).stream().map(this::mood).toList();

    assertFalse(Probe.events().contains("deaf done deaf.mood"), "returned before it ended");
    assertEquals(List.of(Optional.of("first"), Optional.empty(), Optional.empty()), moods);
    assertFalse(Probe.events().contains("took while.mood"), Probe.events().toString());
    assertTrue(view().problem().contains("1 call(s) over the time limit still running"));
    eventually("the deaf call ended", () -> Probe.events().contains("deaf done deaf.mood"));
    eventually("the plugin is free again", () -> !view().problem().contains("still running"));
    assertEquals(Optional.of("while"), mood(sample("while.mood", "while")));
  }

  private FileSample poison() {
    Path file = files.resolve("poison.mood");
    return new FileSample(file, "poison.mood", "poison.mood", "mood", 4);
  }

  private Optional<Object> mood(List<Metadata.Value> values) {
    return values.stream()
        .filter(value -> value.field().name().equals("mood"))
        .map(Metadata.Value::value)
        .findFirst();
  }

  private Optional<Object> mood(FileSample file) {
    return host.extract(file).stream()
        .filter(value -> value.field().name().equals("mood"))
        .map(Metadata.Value::value)
        .findFirst();
  }

  private FileSample sample(String name, String content) throws Exception {
    Path file = Files.writeString(files.resolve(name), content);
    return new FileSample(file, name, name, "mood", Files.size(file));
  }

  private PluginView view() {
    List<PluginView> views = host.plugins();
    return views.stream().filter(p -> p.id().equals("moody")).findFirst().orElseThrow();
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
}
