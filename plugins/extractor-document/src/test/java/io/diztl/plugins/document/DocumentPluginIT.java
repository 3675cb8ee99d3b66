package io.diztl.plugins.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.diztl.api.metadata.FileSample;
import io.diztl.api.metadata.MetadataExtractor;
import io.diztl.api.preview.Preview;
import io.diztl.api.preview.PreviewLimits;
import io.diztl.api.preview.PreviewProvider;
import io.diztl.plugintest.ExtractorTester;
import io.diztl.plugintest.PluginArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
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

  @Test
  void packagedPluginMakesPdfThumbnails() throws Exception {
    Path pdf = DocumentSamples.pdfPage(dir.resolve("a4.pdf"), PDRectangle.A4);
    try (PluginArtifact plugin = PluginArtifact.load(PluginArtifact.ofThisBuild())) {
      List<PreviewProvider> providers = plugin.extensions(PreviewProvider.class);
      assertEquals(1, providers.size(), "preview providers: " + providers);
      assertSame(plugin.classLoader(), providers.getFirst().getClass().getClassLoader());
      FileSample sample = new FileSample(pdf, "a4.pdf", "a4.pdf", "pdf", Files.size(pdf));
      Preview preview = providers.getFirst().preview(sample, PreviewLimits.DEFAULT).orElseThrow();
      // 595 x 842 points scaled to 256 on the long side.
      assertEquals(181, preview.width());
      assertEquals(256, preview.height());
    }
  }
}
