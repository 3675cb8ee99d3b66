package io.diztl.pluginhost.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.diztl.pluginhost.fixtures.EchoMatcher;
import io.diztl.pluginhost.fixtures.NumberExtractor;
import io.diztl.pluginhost.fixtures.WordExtractor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SnapshotTest {

  private static ActivePlugin plugin(
      String id, List<HostedExtractor> extractors, GuardedMatcher... matchers) {
    return new ActivePlugin(
        id,
        "1.0",
        SnapshotTest.class.getClassLoader(),
        extractors,
        List.of(matchers),
        List.of(),
        List.of());
  }

  private static GuardedMatcher echo(String pluginId) {
    return new GuardedMatcher(pluginId, new EchoMatcher(), "echo", "echo");
  }

  @Test
  void theSmallerPluginIdKeepsAPrefixAndTheOtherIsNoted() {
    GuardedMatcher first = echo("a");
    Snapshot snapshot =
        Snapshot.of(List.of(plugin("b", List.of(), echo("b")), plugin("a", List.of(), first)));

    assertEquals(List.of("a", "b"), snapshot.plugins().stream().map(ActivePlugin::id).toList());
    assertSame(first, snapshot.matchers().get("echo"));
    assertEquals(
        Map.of("b", List.of("matcher prefix 'echo:' is taken by plugin a")), snapshot.notes());
  }

  @Test
  void namesTheExtractorsSortedAndTheirFieldsOnce() {
    WordExtractor words = new WordExtractor();
    NumberExtractor numbers = new NumberExtractor();
    Snapshot snapshot =
        Snapshot.of(
            List.of(
                plugin(
                    "z", List.of(new HostedExtractor("z.Words", words, words.fields(), Set.of()))),
                plugin(
                    "m",
                    List.of(
                        new HostedExtractor("m.Numbers", numbers, numbers.fields(), Set.of())))));

    assertEquals("m@1.0:m.Numbers,z@1.0:z.Words", snapshot.extractorsVersion());
    assertEquals(
        List.of("myfield", "loader"), snapshot.fields().stream().map(f -> f.name()).toList());
    assertEquals("", Snapshot.EMPTY.extractorsVersion());
  }
}
