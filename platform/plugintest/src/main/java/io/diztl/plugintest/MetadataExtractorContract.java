package io.diztl.plugintest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.diztl.api.metadata.FieldSpec;
import io.diztl.api.metadata.MetadataExtractor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link MetadataExtractor} must keep, as tests a plugin's test class inherits:
 * declared fields are valid and stable, the class is a pf4j extension, accepted extensions are
 * accepted and unrelated ones refused, and empty or garbage files neither hang the extractor nor
 * make it throw an {@link Error}.
 *
 * <pre>{@code
 * class AudioTagExtractorTest extends MetadataExtractorContract {
 *   protected MetadataExtractor extractor() { return new AudioTagExtractor(); }
 *   protected List<String> acceptedExtensions() { return List.of("mp3", "flac"); }
 * }
 * }</pre>
 *
 * @since 0.1
 */
public abstract class MetadataExtractorContract {

  /** Files the contract tests write. */
  @TempDir protected Path contractFiles;

  /** A new instance of the extractor under test. */
  protected abstract MetadataExtractor extractor();

  /** Lower-case extensions (without dot) the extractor must accept; at least one. */
  protected abstract List<String> acceptedExtensions();

  /** The time limit of one extraction in these tests. */
  protected Duration timeLimit() {
    return ExtractorTester.DEFAULT_TIME_LIMIT;
  }

  /** Declared fields are there, unique and described. */
  @Test
  public void declaresValidFields() {
    List<FieldSpec> fields = extractor().fields();
    assertFalse(fields.isEmpty(), "an extractor must declare at least one field");
    Set<String> names = new HashSet<>();
    for (FieldSpec field : fields) {
      assertTrue(names.add(field.name()), "field '" + field.name() + "' is declared twice");
      assertFalse(field.description().isBlank(), "field '" + field.name() + "' has no description");
    }
  }

  /** {@code fields()} gives the same list every time, also after a caller tried to change it. */
  @Test
  public void fieldsAreStable() {
    MetadataExtractor extractor = extractor();
    List<FieldSpec> first = List.copyOf(extractor.fields());
    try {
      extractor.fields().clear();
    } catch (UnsupportedOperationException expected) {
      // an unmodifiable list is what we hope for
    }
    assertEquals(first, extractor.fields(), "fields() changed after a caller cleared its list");
    assertEquals(first, extractor().fields(), "two instances declare different fields");
  }

  /** pf4j can find and create the extractor. */
  @Test
  public void isAnIndexedExtension() {
    ExtensionChecks.assertLoadable(extractor().getClass());
  }

  /** The listed extensions are accepted and an unrelated one is not. */
  @Test
  public void acceptsItsExtensionsOnly() throws IOException {
    List<String> extensions = acceptedExtensions();
    assertFalse(extensions.isEmpty(), "acceptedExtensions() must name at least one extension");
    MetadataExtractor extractor = extractor();
    for (String extension : extensions) {
      Path file = Files.write(contractFiles.resolve("accepted." + extension), new byte[] {1});
      assertTrue(extractor.accepts(ExtractorTester.sample(file)), "does not accept ." + extension);
    }
    Path unrelated = Files.write(contractFiles.resolve("unrelated.diztlcontract"), new byte[] {1});
    assertFalse(
        extractor.accepts(ExtractorTester.sample(unrelated)), "accepts .diztlcontract files");
  }

  /** An empty file gives no values or an exception, in time. */
  @TestFactory
  public Stream<DynamicTest> emptyFilesGiveNothing() {
    return acceptedExtensions().stream()
        .map(
            extension ->
                DynamicTest.dynamicTest(
                    "empty ." + extension,
                    () -> {
                      Path file = Files.createFile(contractFiles.resolve("empty." + extension));
                      try {
                        ExtractionResult result = tester().attempt(file);
                        assertTrue(result.isEmpty(), "an empty file gave values: " + result);
                      } catch (Exception expected) {
                        // refusing the file is fine
                      }
                    }));
  }

  /** Random bytes neither hang the extractor nor make it throw an {@link Error}. */
  @TestFactory
  public Stream<DynamicTest> garbageFilesNeverHang() {
    return acceptedExtensions().stream()
        .map(
            extension ->
                DynamicTest.dynamicTest(
                    "garbage ." + extension,
                    () -> {
                      byte[] garbage = new byte[64 * 1024];
                      new Random(extension.hashCode()).nextBytes(garbage);
                      Path file =
                          Files.write(contractFiles.resolve("garbage." + extension), garbage);
                      try {
                        tester().attempt(file);
                      } catch (Exception expected) {
                        // refusing the file is fine
                      } catch (AssertionError timeOut) {
                        throw timeOut;
                      } catch (Error e) {
                        fail("garbage made the extractor throw an Error: " + e, e);
                      }
                    }));
  }

  private ExtractorTester tester() {
    return ExtractorTester.of(extractor()).withTimeLimit(timeLimit());
  }
}
