package io.diztl.plugins.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.diztl.api.metadata.MetadataExtractor;
import io.diztl.plugintest.ExtractorTester;
import io.diztl.plugintest.PluginArtifact;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged plugin loads in pf4j and reads PDF and Office files with the libraries inside its
 * zip.
 */
class DocumentPluginIT {

  @TempDir Path dir;

  @Test
  void packagedPluginExtractsPdfAndWord() throws Exception {
    Path pdf =
        DocumentSamples.pdf(
            dir.resolve("q3.pdf"),
            "Q3 Budget",
            "Ana Silva",
            List.of("quarterly budget report", "p2"));
    Path docx =
        DocumentSamples.docx(
            dir.resolve("minutes.docx"),
            "Board minutes",
            "Rui Costa",
            4,
            List.of("Budget approved."));
    Path xls =
        DocumentSamples.spreadsheet(
            dir.resolve("costs.xls"), true, "Costs", "Eva Lopes", List.of("electricity bill"));
    try (PluginArtifact plugin = PluginArtifact.load(PluginArtifact.ofThisBuild())) {
      assertEquals("documents", plugin.descriptor().getPluginId());
      List<MetadataExtractor> extractors = plugin.extensions(MetadataExtractor.class);
      assertEquals(1, extractors.size(), "extractors: " + extractors);
      assertSame(plugin.classLoader(), extractors.getFirst().getClass().getClassLoader());
      ExtractorTester tester = ExtractorTester.of(extractors.getFirst());
      tester
          .extract(pdf)
          .assertNumber("pages", 2)
          .assertTextContains("content", "quarterly budget report");
      tester.extract(docx).assertText("author", "Rui Costa").assertNumber("pages", 4);
      tester
          .extract(xls)
          .assertText("title", "Costs")
          .assertTextContains("content", "electricity bill");
    }
  }
}
