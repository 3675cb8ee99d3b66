package io.diztl.plugins.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.metadata.FileSample;
import io.diztl.api.metadata.Metadata;
import io.diztl.pluginhost.PluginHost;
import io.diztl.pluginhost.PluginHostConfig;
import io.diztl.pluginhost.PluginView;
import io.diztl.plugintest.PluginArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import javax.sound.sampled.AudioFileFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged audio plugin in the real plugin host, on broken audio files among good ones: each
 * broken file is quarantined and never retried, and the plugin keeps reading the good files.
 */
class BrokenAudioIT {

  @TempDir Path root;
  private Path share;
  private PluginHost host;

  @BeforeEach
  void start() throws Exception {
    Path plugins = Files.createDirectories(root.resolve("plugins"));
    Path zip = PluginArtifact.ofThisBuild();
    Files.copy(zip, plugins.resolve(zip.getFileName()));
    share = Files.createDirectories(root.resolve("share"));
    host = PluginHost.start(plugins, root.resolve("work"), PluginHostConfig.defaults());
  }

  @AfterEach
  void stop() {
    host.close();
  }

  @Test
  void brokenAudioFilesAreQuarantinedAndGoodOnesStillRead() throws Exception {
    Random random = new Random(8);
    for (int round = 0; round < 3; round++) {
      for (String extension : new String[] {"mp3", "flac", "ogg", "m4a", "wav", "aiff"}) {
        Path broken = share.resolve("broken." + extension);
        if (round == 0) {
          byte[] noise = new byte[4096];
          random.nextBytes(noise);
          Files.write(broken, noise);
        }
        assertEquals(Map.of(), extract(broken), "nothing from broken." + extension);
      }
      Path song =
          AudioSamples.tag(
              AudioSamples.pcm(
                  share.resolve("song" + round + ".wav"), AudioFileFormat.Type.WAVE, 2),
              "Song " + round,
              "Miles Davis",
              "Kind of Blue",
              "Jazz",
              "1959");
      assertEquals("Miles Davis", extract(song).get("artist"));
    }
    PluginView audio =
        host.plugins().stream().filter(p -> p.id().equals("audio-tags")).findFirst().orElseThrow();
    assertEquals("STARTED", audio.state());
    assertTrue(audio.problem().contains("6 file(s) quarantined"), audio.problem());
  }

  private Map<String, Object> extract(Path file) throws Exception {
    String name = file.getFileName().toString();
    String extension = name.substring(name.lastIndexOf('.') + 1);
    FileSample sample = new FileSample(file, name, name, extension, Files.size(file));
    return host.extract(sample).stream()
        .collect(Collectors.toMap(value -> value.field().name(), Metadata.Value::value));
  }
}
