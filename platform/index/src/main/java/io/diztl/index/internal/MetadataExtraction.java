package io.diztl.index.internal;

import io.diztl.api.metadata.FileSample;
import io.diztl.api.metadata.Metadata;
import io.diztl.index.MetadataSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the metadata source on files and keeps what it gives as index values: a source that throws
 * gives no values, a value the index cannot hold is dropped, each with a warning. Called by the
 * extractor thread and by the bulk writers; thread-safe as the source is.
 */
final class MetadataExtraction {

  private static final Logger LOG = LoggerFactory.getLogger(MetadataExtraction.class);

  /**
   * The metadata of one file.
   *
   * @param version the version stamp of the extractors that gave it (see {@link
   *     DocumentMapper#versionStamp})
   * @param values the values, in the order the extractors gave them
   */
  record Extracted(String version, List<MetaValue> values) {}

  /**
   * A file to extract.
   *
   * @param path its path in the share
   * @param absolute where it is
   * @param size its size in bytes
   */
  record Request(String path, Path absolute, long size) {}

  private final MetadataSource source;

  MetadataExtraction(MetadataSource source) {
    this.source = source;
  }

  /** The version stamp of metadata extracted now. */
  String currentStamp() {
    return DocumentMapper.versionStamp(source.extractorsVersion());
  }

  /**
   * The version stamp of new content: the current one when no extractor declares a field (there is
   * nothing to extract), else empty.
   */
  String freshStamp() {
    return source.fields().isEmpty() ? currentStamp() : "";
  }

  /** The metadata of the file at {@code path} ({@code absolute}), {@code size} bytes long. */
  Extracted of(String path, Path absolute, long size) {
    return each(List.of(new Request(path, absolute, size))).getFirst();
  }

  /**
   * The metadata of each of {@code files}, in the same order, from one call to the source: it may
   * hand them all to an extractor at once. Should the source throw all the same, each file is
   * extracted on its own, so that one file's failure costs only its own values.
   */
  List<Extracted> each(List<Request> files) {
    // Taken first: extractors that change meanwhile leave an older stamp, so the file is redone.
    String version = currentStamp();
    List<FileSample> samples = files.stream().map(MetadataExtraction::sample).toList();
    List<List<Metadata.Value>> extracted;
    try {
      extracted = source.extractEach(samples);
      if (extracted.size() != files.size()) {
        throw new IllegalStateException(
            "the metadata source gave " + extracted.size() + " results for " + files.size());
      }
    } catch (RuntimeException e) {
      if (files.size() == 1) {
        LOG.warn("Extracting the metadata of {} failed: {}", files.getFirst().path(), e.toString());
        return List.of(new Extracted(version, List.of()));
      }
      return files.stream().map(file -> of(file.path(), file.absolute(), file.size())).toList();
    }
    List<Extracted> results = new ArrayList<>(files.size());
    for (int i = 0; i < files.size(); i++) {
      results.add(new Extracted(version, valuesOf(files.get(i).path(), extracted.get(i))));
    }
    return results;
  }

  private static FileSample sample(Request file) {
    String name = file.absolute().getFileName().toString();
    return new FileSample(
        file.absolute(), file.path(), name, DocumentMapper.extensionOf(name), file.size());
  }

  private static List<MetaValue> valuesOf(String path, List<Metadata.Value> extracted) {
    List<MetaValue> values = new ArrayList<>(extracted.size());
    for (Metadata.Value value : extracted) {
      try {
        values.add(new MetaValue(value.field().name(), value.field().type(), value.value()));
      } catch (IllegalArgumentException | NullPointerException e) {
        LOG.warn("Dropping a metadata value of {}: {}", path, e.getMessage());
      }
    }
    return values;
  }
}
