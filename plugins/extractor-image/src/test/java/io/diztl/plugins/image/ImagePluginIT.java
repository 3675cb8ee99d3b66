package io.diztl.plugins.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.diztl.api.metadata.MetadataExtractor;
import io.diztl.plugintest.ExtractorTester;
import io.diztl.plugintest.PluginArtifact;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged plugin loads in pf4j and reads EXIF with the metadata-extractor inside its zip. */
class ImagePluginIT {

  @TempDir Path dir;

  @Test
  void packagedPluginExtractsExif() throws Exception {
    Path photo =
        ImageSamples.photo(
            dir.resolve("porto.jpg"),
            20,
            10,
            "NIKON CORPORATION",
            "NIKON D750",
            "2020:02:29 08:00:00",
            new double[] {41.15, -8.61});
    try (PluginArtifact plugin = PluginArtifact.load(PluginArtifact.ofThisBuild())) {
      assertEquals("image-meta", plugin.descriptor().getPluginId());
      List<MetadataExtractor> extractors = plugin.extensions(MetadataExtractor.class);
      assertEquals(1, extractors.size(), "extractors: " + extractors);
      assertSame(plugin.classLoader(), extractors.getFirst().getClass().getClassLoader());
      ExtractorTester.of(extractors.getFirst())
          .extract(photo)
          .assertText("camera", "NIKON D750")
          .assertNumber("width", 20)
          .assertKeyword("gps", "yes");
    }
  }
}
