package io.diztl.plugintest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * A built plugin jar or zip loaded by pf4j from a plugins folder of its own, as a node loads it, to
 * check in an integration test that the packaging works: the descriptor, the extension index and
 * the libraries inside the artifact.
 *
 * <pre>{@code
 * try (PluginArtifact plugin = PluginArtifact.load(PluginArtifact.ofThisBuild())) {
 *   MetadataExtractor extractor = plugin.extensions(MetadataExtractor.class).getFirst();
 *   ExtractorTester.of(extractor).extract(song).assertText("artist", "Miles Davis");
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class PluginArtifact implements AutoCloseable {

  /** System property naming the build's output folder; the plugin parent sets it for failsafe. */
  public static final String BUILD_DIRECTORY_PROPERTY = "diztl.plugin.buildDirectory";

  /** System property naming the artifact's file name without extension; set like the folder. */
  public static final String FINAL_NAME_PROPERTY = "diztl.plugin.finalName";

  private final Path folder;
  private final PluginManager manager;
  private final PluginWrapper plugin;

  private PluginArtifact(Path folder, PluginManager manager, PluginWrapper plugin) {
    this.folder = folder;
    this.manager = manager;
    this.plugin = plugin;
  }

  /** The artifact this build made: its zip when there is one, else its jar. */
  public static Path ofThisBuild() {
    String directory = System.getProperty(BUILD_DIRECTORY_PROPERTY);
    String finalName = System.getProperty(FINAL_NAME_PROPERTY);
    if (directory == null || finalName == null) {
      return fail(
          "system properties "
              + BUILD_DIRECTORY_PROPERTY
              + " and "
              + FINAL_NAME_PROPERTY
              + " are not set: run integration tests with the plugin parent's failsafe"
              + " configuration");
    }
    Path zip = Path.of(directory, finalName + ".zip");
    return Files.exists(zip) ? zip : Path.of(directory, finalName + ".jar");
  }

  /**
   * Copies {@code artifact} into a new plugins folder and loads and starts it; fails unless it
   * starts.
   */
  public static PluginArtifact load(Path artifact) {
    Objects.requireNonNull(artifact, "artifact");
    if (!Files.isRegularFile(artifact)) {
      fail("no plugin artifact at " + artifact.toAbsolutePath());
    }
    try {
      Path folder = Files.createTempDirectory("diztl-plugin-");
      Files.copy(artifact, folder.resolve(artifact.getFileName()));
      PluginManager manager = new DefaultPluginManager(folder);
      manager.loadPlugins();
      manager.startPlugins();
      List<PluginWrapper> plugins = manager.getPlugins();
      assertEquals(
          1,
          plugins.size(),
          "pf4j loaded " + plugins.size() + " plugins from " + artifact.getFileName());
      PluginWrapper plugin = plugins.getFirst();
      assertEquals(
          PluginState.STARTED,
          plugin.getPluginState(),
          "plugin state; failure: " + plugin.getFailedException());
      return new PluginArtifact(folder, manager, plugin);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare a plugins folder for " + artifact, e);
    }
  }

  /** The descriptor pf4j read (plugin.properties). */
  public PluginDescriptor descriptor() {
    return plugin.getDescriptor();
  }

  /** The plugin's extensions of {@code type}, created by pf4j in the plugin's class loader. */
  public <T> List<T> extensions(Class<T> type) {
    return manager.getExtensions(type, plugin.getPluginId());
  }

  /** The class loader pf4j gave the plugin. */
  public ClassLoader classLoader() {
    return plugin.getPluginClassLoader();
  }

  /** The plugins folder the artifact was copied to. */
  Path folder() {
    return folder;
  }

  /** Stops and unloads the plugin and deletes its folder. */
  @Override
  public void close() {
    manager.stopPlugin(plugin.getPluginId());
    manager.unloadPlugin(plugin.getPluginId());
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + folder, e);
    }
  }
}
