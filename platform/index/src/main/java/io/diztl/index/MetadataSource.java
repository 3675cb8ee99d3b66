package io.diztl.index;

import io.diztl.api.metadata.FieldSpec;
import io.diztl.api.metadata.FileSample;
import io.diztl.api.metadata.Metadata;
import io.diztl.api.search.SearchMatcher;
import java.util.List;
import java.util.Map;

/**
 * Where a {@link ShareIndex} gets metadata and extra matchers from; the node backs it with its
 * plugins. Every method may be called from several threads at once.
 */
public interface MetadataSource {

  /** No extractors and no matchers. */
  MetadataSource NONE =
      new MetadataSource() {
        @Override
        public List<FieldSpec> fields() {
          return List.of();
        }

        @Override
        public Map<String, SearchMatcher> matchers() {
          return Map.of();
        }

        @Override
        public String extractorsVersion() {
          return "";
        }

        @Override
        public List<Metadata.Value> extract(FileSample file) {
          return List.of();
        }
      };

  /** The fields of the extractors active now; queries can name them. */
  List<FieldSpec> fields();

  /** The matchers active now, by prefix. */
  Map<String, SearchMatcher> matchers();

  /**
   * Names the set of active extractors (ids and versions); it changes whenever an extractor comes
   * or goes. The index stores it with each file's metadata, and extracts files again whose stored
   * version differs.
   */
  String extractorsVersion();

  /**
   * The metadata of one file from every active extractor that accepts it. Never throws: failures
   * and time-outs of extractors are contained by the source (logged, and the extractor's values
   * left out). Called on an index background thread.
   */
  List<Metadata.Value> extract(FileSample file);

  /**
   * The metadata of each of {@code files}, in the same order, as {@link #extract} gives it. The
   * index hands over many small files at once; a source that can do them for less together (one
   * hand-off to another thread instead of one per file) overrides this. Never throws.
   */
  default List<List<Metadata.Value>> extractEach(List<FileSample> files) {
    return files.stream().map(this::extract).toList();
  }
}
