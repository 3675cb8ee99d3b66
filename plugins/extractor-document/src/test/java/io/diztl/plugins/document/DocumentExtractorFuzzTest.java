package io.diztl.plugins.document;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.diztl.api.metadata.FileSample;
import io.diztl.api.metadata.Metadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes the documents extractor's entry point with files of any content under each name it
 * accepts: it either reads them, with every text within {@link Metadata#MAX_TEXT_LENGTH}, or throws
 * an exception (which the plugin host contains), never an error such as a stack overflow. The first
 * byte picks the extension. Plain {@code mvn verify} runs the committed inputs; {@code
 * JAZZER_FUZZ=1} fuzzes.
 */
class DocumentExtractorFuzzTest {

  private static final List<String> EXTENSIONS =
      List.of("pdf", "docx", "doc", "xlsx", "xls", "pptx", "ppt", "txt", "md", "csv");

  private final DocumentExtractor extractor = new DocumentExtractor();

  @FuzzTest(maxDuration = "10s")
  void anyFileIsReadOrRefusedWithAnException(byte[] input) throws Exception {
    if (input.length == 0) {
      return;
    }
    String extension = EXTENSIONS.get(Byte.toUnsignedInt(input[0]) % EXTENSIONS.size());
    Path file = Files.createTempFile("fuzz-", "." + extension);
    try {
      Files.write(file, Arrays.copyOfRange(input, 1, input.length));
      FileSample sample =
          new FileSample(file, file.getFileName().toString(), "f." + extension, extension, 0);
      Metadata metadata = new Metadata(extractor.fields());
      try {
        extractor.extract(sample, metadata);
      } catch (Exception e) {
        return;
      }
      for (Metadata.Value value : metadata.values()) {
        if (value.value() instanceof String text) {
          assertTrue(text.length() <= Metadata.MAX_TEXT_LENGTH, value.field().name());
        }
      }
    } finally {
      Files.delete(file);
    }
  }
}
