package io.diztl.plugins.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.metadata.Metadata;
import io.diztl.api.metadata.MetadataExtractor;
import io.diztl.plugintest.ExtractorTester;
import io.diztl.plugintest.MetadataExtractorContract;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentExtractorTest extends MetadataExtractorContract {

  @TempDir Path dir;

  private final ExtractorTester tester = ExtractorTester.of(new DocumentExtractor());

  @Override
  protected MetadataExtractor extractor() {
    return new DocumentExtractor();
  }

  @Override
  protected List<String> acceptedExtensions() {
    return List.of("pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "md", "csv");
  }

  @Test
  void readsPdfInformationPagesAndText() throws Exception {
    Path pdf =
        DocumentSamples.pdf(
            dir.resolve("q3.pdf"),
            "Q3 Budget",
            "Ana Silva",
            List.of("quarterly budget report", "second page: travel costs", "third page: summary"));
    tester
        .extract(pdf)
        .assertText("title", "Q3 Budget")
        .assertText("author", "Ana Silva")
        .assertNumber("pages", 3)
        .assertTextContains("content", "quarterly budget report")
        .assertTextContains("content", "travel costs")
        .assertTextContains("content", "third page: summary");
  }

  @Test
  void readsWordDocuments() throws Exception {
    Path docx =
        DocumentSamples.docx(
            dir.resolve("minutes.docx"),
            "Board minutes",
            "Rui Costa",
            2,
            List.of("The board met on Monday.", "Budget approved."));
    tester
        .extract(docx)
        .assertText("title", "Board minutes")
        .assertText("author", "Rui Costa")
        .assertNumber("pages", 2)
        .assertTextContains("content", "the board met on monday")
        .assertTextContains("content", "budget approved");
  }

  @Test
  void countsSlidesOfPresentationsAsPages() throws Exception {
    Path pptx =
        DocumentSamples.pptx(
            dir.resolve("pitch.pptx"), "Pitch", List.of("Hello investors", "Our market", "Thanks"));
    tester
        .extract(pptx)
        .assertText("title", "Pitch")
        .assertNumber("pages", 3)
        .assertTextContains("content", "hello investors")
        .assertTextContains("content", "our market");
  }

  @Test
  void readsNewAndOldSpreadsheets() throws Exception {
    for (String name : List.of("costs.xlsx", "costs.xls")) {
      Path sheet =
          DocumentSamples.spreadsheet(
              dir.resolve(name),
              name.endsWith(".xls"),
              "Costs 2024",
              "Eva Lopes",
              List.of("rent", "electricity bill"));
      tester
          .extract(sheet)
          .assertText("title", "Costs 2024")
          .assertText("author", "Eva Lopes")
          .assertTextContains("content", "electricity bill")
          .assertAbsent("pages");
    }
  }

  @Test
  void readsPlainTextInUtf8() throws Exception {
    Path notes =
        Files.writeString(dir.resolve("notes.md"), "\uFEFF# Café notes\nmeeting at the café\n");
    tester
        .extract(notes)
        .assertText("content", "# Café notes\nmeeting at the café")
        .assertOnlyFields("content");
  }

  @Test
  void fallsBackToLatin1() throws Exception {
    Path notes =
        Files.write(
            dir.resolve("old.txt"),
            "Jos\u00e9 S\u00e3o Paulo".getBytes(StandardCharsets.ISO_8859_1));
    tester.extract(notes).assertText("content", "Jos\u00e9 S\u00e3o Paulo");
  }

  @Test
  void readsCsvAndCutsLongTextAtTheLimit() throws Exception {
    String row = "2024-01-05;coffee;3.50\n";
    Path csv =
        Files.writeString(
            dir.resolve("expenses.csv"), row.repeat(Metadata.MAX_TEXT_LENGTH / row.length() + 100));
    List<Object> content =
        tester.extract(csv).assertTextContains("content", "coffee;3.50").values("content");
    assertEquals(Metadata.MAX_TEXT_LENGTH, ((String) content.getFirst()).length());
  }

  @Test
  void brokenPdfIsRefused() throws Exception {
    Path fake = Files.writeString(dir.resolve("fake.pdf"), "%PDF-1.7 but nothing else");
    assertThrows(Exception.class, () -> tester.attempt(fake));
  }

  @Test
  void aPdfClaimingBillionsOfPagesIsReadByItsRealPages() throws Exception {
    Path bomb = DocumentSamples.pdfClaimingPages(dir.resolve("bomb.pdf"), Integer.MAX_VALUE);
    assertTrue(Files.size(bomb) < 700, "a small file: " + Files.size(bomb));
    tester.extract(bomb).assertNumber("pages", 1).assertTextContains("content", "bomb page");
    Path huge = DocumentSamples.pdfClaimingPages(dir.resolve("huge.pdf"), Long.MAX_VALUE);
    tester.attempt(huge).assertNumber("pages", 1);
  }
}
