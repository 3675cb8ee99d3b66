package io.diztl.example.wordcount;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.metadata.FileSample;
import io.diztl.api.metadata.MetadataExtractor;
import io.diztl.plugintest.ExtractorTester;
import io.diztl.plugintest.MetadataExtractorContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example's tests, written as a plugin author would: the contract plus real files. */
class WordCountExtractorTest extends MetadataExtractorContract {

  @TempDir Path folder;

  @Override
  protected MetadataExtractor extractor() {
    return new WordCountExtractor();
  }

  @Override
  protected List<String> acceptedExtensions() {
    return List.of("txt", "md", "markdown");
  }

  @Test
  void countsWordsAsWcDoesAndTakesTheFirstLineOfText() throws IOException {
    Path list =
        Files.writeString(
            folder.resolve("list.txt"), "\n   Shopping list \napples,\tpears  and plums\n\n");
    ExtractorTester.of(extractor())
        .extract(list)
        .assertOnlyFields("words", "heading")
        .assertNumber("words", 6)
        .assertText("heading", "Shopping list");
  }

  @Test
  void takesTheFirstMarkdownHeading() throws IOException {
    Path notes =
        Files.writeString(
            folder.resolve("notes.md"), "Intro line\n\n## Recipes\nbread and soup\n# Later\n");
    ExtractorTester.of(extractor())
        .extract(notes)
        .assertNumber("words", 9)
        .assertText("heading", "Recipes");
  }

  @Test
  void aHashtagIsNotAHeadingAndTextFilesHaveNone() throws IOException {
    ExtractorTester tester = ExtractorTester.of(extractor());
    tester
        .extract(Files.writeString(folder.resolve("todo.md"), "#todo buy milk\n"))
        .assertText("heading", "#todo buy milk");
    tester
        .extract(Files.writeString(folder.resolve("plain.txt"), "first\n# not a heading here\n"))
        .assertText("heading", "first");
  }

  @Test
  void replacesBytesThatAreNotUtf8() throws IOException {
    byte[] latin1 = "café crème\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    ExtractorTester.of(extractor())
        .extract(Files.write(folder.resolve("old.txt"), latin1))
        .assertNumber("words", 2)
        .assertText("heading", "caf\uFFFD cr\uFFFDme");
  }

  @Test
  void cutsLongHeadings() throws IOException {
    Path wide = Files.writeString(folder.resolve("wide.txt"), "x".repeat(500));
    ExtractorTester.of(extractor())
        .extract(wide)
        .assertNumber("words", 1)
        .assertText("heading", "x".repeat(WordCountExtractor.MAX_HEADING));
  }

  @Test
  void leavesOtherAndHugeFilesAlone() {
    MetadataExtractor extractor = extractor();
    assertFalse(extractor.accepts(sample("report.pdf", "pdf", 10)));
    assertFalse(extractor.accepts(sample("dump.txt", "txt", WordCountExtractor.MAX_SIZE + 1)));
    assertTrue(extractor.accepts(sample("README.MD", "md", WordCountExtractor.MAX_SIZE)));
  }

  private FileSample sample(String name, String extension, long size) {
    return new FileSample(folder.resolve(name), name, name, extension, size);
  }
}
