package io.diztl.plugintest;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import io.diztl.api.metadata.FileSample;
import io.diztl.api.metadata.Metadata;
import io.diztl.api.metadata.MetadataExtractor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Runs a {@link MetadataExtractor} on a real file the way a node does (a {@link FileSample}, a
 * check of {@link MetadataExtractor#accepts}, then {@link MetadataExtractor#extract} with a {@link
 * Metadata} of the declared fields under a time limit), without starting a node:
 *
 * <pre>{@code
 * ExtractorTester.of(new AudioTagExtractor())
 *     .extract(song)
 *     .assertText("artist", "Miles Davis")
 *     .assertNumber("year", 1959);
 * }</pre>
 *
 * @since 0.1
 */
public final class ExtractorTester {

  /**
   * The time limit of one extraction unless {@link #withTimeLimit} says otherwise; a node's
   * default.
   */
  public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(10);

  private final MetadataExtractor extractor;
  private final Duration timeLimit;

  private ExtractorTester(MetadataExtractor extractor, Duration timeLimit) {
    this.extractor = extractor;
    this.timeLimit = timeLimit;
  }

  /** A tester of {@code extractor} with the {@link #DEFAULT_TIME_LIMIT}. */
  public static ExtractorTester of(MetadataExtractor extractor) {
    return new ExtractorTester(Objects.requireNonNull(extractor, "extractor"), DEFAULT_TIME_LIMIT);
  }

  /** A tester with another time limit per extraction. */
  public ExtractorTester withTimeLimit(Duration limit) {
    Objects.requireNonNull(limit, "limit");
    if (limit.isNegative() || limit.isZero()) {
      throw new IllegalArgumentException("time limit must be positive, found " + limit);
    }
    return new ExtractorTester(extractor, limit);
  }

  /**
   * The sample a node would build for {@code file}, as if it lay at the root of the share: relative
   * path and name are the file name, the extension is lower-cased.
   */
  public static FileSample sample(Path file) {
    Objects.requireNonNull(file, "file");
    Path absolute = file.toAbsolutePath();
    String name = absolute.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String extension =
        dot <= 0 || dot == name.length() - 1
            ? ""
            : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    try {
      return new FileSample(absolute, name, name, extension, Files.size(absolute));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the size of " + absolute, e);
    }
  }

  /**
   * Extracts from {@code file}; the test fails when the extractor does not accept the file, throws,
   * or runs over the time limit.
   */
  public ExtractionResult extract(Path file) {
    FileSample sample = sample(file);
    if (!extractor.accepts(sample)) {
      fail(
          extractor.getClass().getName()
              + " does not accept "
              + sample.name()
              + " (extension '"
              + sample.extension()
              + "')");
    }
    try {
      return attempt(sample);
    } catch (Exception e) {
      return fail(extractor.getClass().getName() + " failed on " + sample.name() + ": " + e, e);
    }
  }

  /**
   * Extracts from {@code file} whether or not the extractor accepts it and hands back what the
   * extractor throws; the test fails only when it runs over the time limit or throws an {@link
   * Error}.
   *
   * @throws Exception what {@link MetadataExtractor#extract} threw
   */
  public ExtractionResult attempt(Path file) throws Exception {
    return attempt(sample(file));
  }

  private ExtractionResult attempt(FileSample sample) throws Exception {
    Metadata metadata = new Metadata(extractor.fields());
    Exception failure =
        assertTimeoutPreemptively(
            timeLimit,
            () -> {
              try {
                extractor.extract(sample, metadata);
                return null;
              } catch (Exception e) {
                return e;
              }
            },
            () ->
                extractor.getClass().getName() + " ran over " + timeLimit + " on " + sample.name());
    if (failure != null) {
      throw failure;
    }
    return new ExtractionResult(sample, metadata);
  }
}
