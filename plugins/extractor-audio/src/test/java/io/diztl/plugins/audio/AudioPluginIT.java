package io.diztl.plugins.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.diztl.api.metadata.MetadataExtractor;
import io.diztl.plugintest.ExtractorTester;
import io.diztl.plugintest.PluginArtifact;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged plugin loads in pf4j and reads tags with the jaudiotagger inside its zip. */
class AudioPluginIT {

  @TempDir Path dir;

  @Test
  void packagedPluginExtractsTags() throws Exception {
    Path song = AudioSamples.mp3(dir.resolve("so-what.mp3"), 5);
    AudioSamples.tag(song, "So What", "Miles Davis", "Kind of Blue", "Jazz", "1959");
    try (PluginArtifact plugin = PluginArtifact.load(PluginArtifact.ofThisBuild())) {
      assertEquals("audio-tags", plugin.descriptor().getPluginId());
      List<MetadataExtractor> extractors = plugin.extensions(MetadataExtractor.class);
      assertEquals(1, extractors.size(), "extractors: " + extractors);
      assertSame(plugin.classLoader(), extractors.getFirst().getClass().getClassLoader());
      ExtractorTester.of(extractors.getFirst())
          .extract(song)
          .assertText("artist", "Miles Davis")
          .assertNumber("duration", 5);
    }
  }
}
