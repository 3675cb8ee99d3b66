package io.diztl.pluginhost.internal;

import io.diztl.api.metadata.FieldSpec;
import io.diztl.api.metadata.FileSample;
import io.diztl.api.metadata.Metadata;
import io.diztl.api.metadata.MetadataExtractor;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A plugin's extractor with the fields it declared when it was loaded.
 *
 * @param className the extractor's class name, part of the extractors version
 * @param extractor the extension
 * @param fields its fields, read once
 * @param extensions the extensions of the files it may take, read once; empty when any
 */
record HostedExtractor(
    String className, MetadataExtractor extractor, List<FieldSpec> fields, Set<String> extensions) {

  /**
   * Whether the extractor may take {@code file}, by its extension alone: cheap, outside the plugin.
   */
  boolean mayTake(FileSample file) {
    return extensions.isEmpty() || extensions.contains(file.extension());
  }

  /**
   * The values for {@code file}, or empty when the extractor does not accept it. One file at a time
   * (the contract lets extractors be unsafe for threads), though several index threads extract.
   */
  synchronized Optional<List<Metadata.Value>> run(FileSample file) throws Exception {
    if (!extractor.accepts(file)) {
      return Optional.empty();
    }
    Metadata metadata = new Metadata(fields);
    extractor.extract(file, metadata);
    return Optional.of(metadata.values());
  }

  /** {@code extractor AudioTags (title, artist)}. */
  String describe() {
    return "extractor "
        + className.substring(className.lastIndexOf('.') + 1)
        + fields.stream().map(FieldSpec::name).collect(Collectors.joining(", ", " (", ")"));
  }
}
