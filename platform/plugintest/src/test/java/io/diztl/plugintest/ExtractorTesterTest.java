package io.diztl.plugintest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.metadata.FieldSpec;
import io.diztl.api.metadata.FileSample;
import io.diztl.api.metadata.Metadata;
import io.diztl.api.metadata.MetadataExtractor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

class ExtractorTesterTest {

  @TempDir Path dir;

  @Test
  void buildsTheSampleANodeWould() throws IOException {
    Path file = Files.writeString(dir.resolve("Notes.TXT"), "hello");
    FileSample sample = ExtractorTester.sample(file);
    assertEquals("Notes.TXT", sample.name());
    assertEquals("txt", sample.extension());
    assertEquals(5, sample.size());
    assertTrue(sample.path().isAbsolute());
  }

  @Test
  void assertsWhatWasFound() throws IOException {
    Path file = Files.writeString(dir.resolve("notes.txt"), "Quarterly budget\nsecond\nthird\n");
    ExtractionResult result = ExtractorTester.of(new LineCountExtractor()).extract(file);
    result
        .assertText("title", "Quarterly budget")
        .assertTextContains("title", "BUDGET")
        .assertNumber("lines", 3);
    result.assertOnlyFields("title", "lines");
    assertEquals(List.of(3.0), result.values("lines"));
  }

  @Test
  void wrongExpectationsFailWithWhatWasFound() throws IOException {
    Path file = Files.writeString(dir.resolve("notes.txt"), "Quarterly budget\n");
    ExtractionResult result = ExtractorTester.of(new LineCountExtractor()).extract(file);
    AssertionFailedError wrong =
        assertThrows(AssertionFailedError.class, () -> result.assertText("title", "Other"));
    assertTrue(wrong.getMessage().contains("title=Quarterly budget"), wrong.getMessage());
    assertThrows(AssertionFailedError.class, () -> result.assertNumber("lines", 2));
    assertThrows(
        AssertionFailedError.class, () -> result.assertKeyword("title", "Quarterly budget"));
    assertThrows(AssertionFailedError.class, () -> result.assertAbsent("lines"));
    assertThrows(AssertionFailedError.class, () -> result.assertOnlyFields("title"));
  }

  @Test
  void unacceptedFilesFail() throws IOException {
    Path file = Files.writeString(dir.resolve("notes.md"), "x");
    AssertionFailedError refused =
        assertThrows(
            AssertionFailedError.class,
            () -> ExtractorTester.of(new LineCountExtractor()).extract(file));
    assertTrue(refused.getMessage().contains("does not accept notes.md"), refused.getMessage());
  }

  @Test
  void hangingExtractorsFailInTime() throws IOException {
    Path file = Files.writeString(dir.resolve("notes.txt"), "x");
    CountDownLatch never = new CountDownLatch(1);
    MetadataExtractor hanging =
        new LineCountExtractor() {
          @Override
          public void extract(FileSample sample, Metadata metadata) throws InterruptedException {
            never.await();
          }
        };
    ExtractorTester tester = ExtractorTester.of(hanging).withTimeLimit(Duration.ofMillis(200));
    assertThrows(AssertionFailedError.class, () -> tester.extract(file));
  }

  @Test
  void attemptHandsBackTheExtractorsException() throws IOException {
    Path file = Files.writeString(dir.resolve("notes.txt"), "x");
    MetadataExtractor failing =
        new LineCountExtractor() {
          @Override
          public void extract(FileSample sample, Metadata metadata) throws IOException {
            throw new IOException("broken header");
          }
        };
    IOException e =
        assertThrows(IOException.class, () -> ExtractorTester.of(failing).attempt(file));
    assertEquals("broken header", e.getMessage());
    assertThrows(AssertionFailedError.class, () -> ExtractorTester.of(failing).extract(file));
  }

  @Test
  void undeclaredFieldsAreRefusedByMetadata() throws IOException {
    Path file = Files.writeString(dir.resolve("notes.txt"), "x");
    MetadataExtractor sloppy =
        new LineCountExtractor() {
          @Override
          public void extract(FileSample sample, Metadata metadata) {
            metadata.text("artist", "nobody");
          }

          @Override
          public List<FieldSpec> fields() {
            return super.fields();
          }
        };
    assertThrows(AssertionFailedError.class, () -> ExtractorTester.of(sloppy).extract(file));
  }
}
