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
 * Runs the metadata source on one file and keeps what it gives as index values: a source that
 * throws gives no values, a value the index cannot hold is dropped, each with a warning. Called by
 * the extractor thread and by the bulk writers; thread-safe as the source is.
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
    // Taken first: extractors that change meanwhile leave an older stamp, so the file is redone.
    String version = currentStamp();
    String name = absolute.getFileName().toString();
    FileSample sample =
        new FileSample(absolute, path, name, DocumentMapper.extensionOf(name), size);
    List<Metadata.Value> extracted;
    try {
      extracted = source.extract(sample);
    } catch (RuntimeException e) {
      LOG.warn("Extracting the metadata of {} failed: {}", path, e.toString());
      return new Extracted(version, List.of());
    }
    List<MetaValue> values = new ArrayList<>(extracted.size());
    for (Metadata.Value value : extracted) {
      try {
        values.add(new MetaValue(value.field().name(), value.field().type(), value.value()));
      } catch (IllegalArgumentException | NullPointerException e) {
        LOG.warn("Dropping a metadata value of {}: {}", path, e.getMessage());
      }
    }
    return new Extracted(version, values);
  }
}
