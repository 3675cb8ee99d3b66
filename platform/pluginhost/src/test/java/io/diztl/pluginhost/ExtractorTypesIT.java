package io.diztl.pluginhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.metadata.FileSample;
import io.diztl.api.metadata.Metadata;
import io.diztl.pluginhost.fixtures.BadExtensionsExtractor;
import io.diztl.pluginhost.fixtures.PluginJarBuilder;
import io.diztl.pluginhost.fixtures.Probe;
import io.diztl.pluginhost.fixtures.TypedExtractor;
import io.diztl.pluginhost.fixtures.WordExtractor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Extractors that declare the extensions they take are never asked about other files; one that
 * declares a malformed extension is refused; files handed over together get the same values as one
 * by one.
 */
class ExtractorTypesIT {

  private static final PluginHostConfig CONFIG =
      new PluginHostConfig(Duration.ofSeconds(5), 5, 2, Duration.ofMillis(100));

  @TempDir Path root;
  private Path files;
  private PluginHost host;

  @BeforeEach
  void start() throws Exception {
    Path plugins = root.resolve("plugins");
    files = Files.createDirectories(root.resolve("files"));
    Probe.clear();
    PluginJarBuilder.plugin("typed").extension(TypedExtractor.class).writeJar(plugins);
    PluginJarBuilder.plugin("bad").extension(BadExtensionsExtractor.class).writeJar(plugins);
    PluginJarBuilder.plugin("words").extension(WordExtractor.class).writeJar(plugins);
    host = PluginHost.start(plugins, root.resolve("work"), CONFIG);
  }

  @AfterEach
  void stop() {
    host.close();
  }

  @Test
  void anExtractorIsAskedOnlyAboutTheExtensionsItDeclares() throws Exception {
    List<FileSample> samples =
        List.of(sample("a.mood"), sample("b.txt"), sample("c.note"), sample("d"));

    List<List<Metadata.Value>> values = host.extractEach(samples);

    assertEquals(List.of("asked about a.mood", "asked about c.note"), Probe.events());
    assertEquals(List.of("typed=a.mood"), describe(values.get(0)));
    assertEquals(List.of("myfield=b", "loader=PluginClassLoader"), describe(values.get(1)));
    assertEquals(List.of("typed=c.note"), describe(values.get(2)));
    assertEquals(List.of(), describe(values.get(3)));
    List<List<String>> oneByOne = new ArrayList<>();
    for (FileSample sample : samples) {
      oneByOne.add(describe(host.extract(sample)));
    }
    assertEquals(values.stream().map(ExtractorTypesIT::describe).toList(), oneByOne);
  }

  @Test
  void anExtractorDeclaringAMalformedExtensionIsRefused() {
    PluginView bad =
        host.plugins().stream().filter(p -> p.id().equals("bad")).findFirst().orElseThrow();
    assertTrue(
        bad.problem().contains("extensions() must hold lower-case extensions without the dot"),
        bad.problem());
    assertTrue(host.fields().stream().noneMatch(field -> field.name().equals("bad")));
  }

  private FileSample sample(String name) throws Exception {
    String word = name.substring(0, 1);
    Path file = Files.writeString(files.resolve(name), word + " words");
    int dot = name.lastIndexOf('.');
    String extension = dot < 0 ? "" : name.substring(dot + 1);
    return new FileSample(file, name, name, extension, Files.size(file));
  }

  private static List<String> describe(List<Metadata.Value> values) {
    return values.stream().map(value -> value.field().name() + "=" + value.value()).toList();
  }
}
