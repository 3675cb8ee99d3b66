package io.diztl.example.wordcount;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.diztl.api.metadata.MetadataExtractor;
import io.diztl.plugintest.ExtractorTester;
import io.diztl.plugintest.PluginArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built jar is a working plugin: pf4j loads it as a node would and finds the extractor. */
class WordCountPluginIT {

  @TempDir Path folder;

  @Test
  void theJarLoadsAndExtracts() throws Exception {
    Path notes = Files.writeString(folder.resolve("notes.md"), "# Ideas\n\nplant more trees\n");
    try (PluginArtifact plugin = PluginArtifact.load(PluginArtifact.ofThisBuild())) {
      assertEquals("example-wordcount", plugin.descriptor().getPluginId());
      List<MetadataExtractor> extractors = plugin.extensions(MetadataExtractor.class);
      assertEquals(1, extractors.size(), "extractors: " + extractors);
      ExtractorTester.of(extractors.getFirst())
          .extract(notes)
          .assertNumber("words", 5)
          .assertText("heading", "Ideas");
    }
  }
}
