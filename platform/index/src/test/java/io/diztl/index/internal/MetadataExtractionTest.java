package io.diztl.index.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.diztl.api.metadata.FieldSpec;
import io.diztl.api.metadata.FieldType;
import io.diztl.api.metadata.FileSample;
import io.diztl.api.metadata.Metadata;
import io.diztl.api.search.SearchMatcher;
import io.diztl.index.MetadataSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A source that throws, or gives a value the index cannot hold, loses only what it gave. */
class MetadataExtractionTest {

  private static final FieldSpec TITLE = FieldSpec.text("title", "title");

  /** Gives a title for files named {@code good*}, throws for the others. */
  private static final MetadataSource SOURCE =
      new MetadataSource() {
        @Override
        public List<FieldSpec> fields() {
          return List.of(TITLE);
        }

        @Override
        public Map<String, SearchMatcher> matchers() {
          return Map.of();
        }

        @Override
        public String extractorsVersion() {
          return "x@1";
        }

        @Override
        public List<Metadata.Value> extract(FileSample file) {
          if (!file.name().startsWith("good")) {
            throw new IllegalStateException("injected extractor failure");
          }
          return List.of(new Metadata.Value(TITLE, "A title"));
        }
      };

  private final MetadataExtraction extraction = new MetadataExtraction(SOURCE);

  @Test
  void keepsTheValuesOfTheSourceWithItsVersion() {
    MetadataExtraction.Extracted found =
        extraction.of("docs/good.txt", Path.of("/share/docs/good.txt"), 5);
    assertEquals(DocumentMapper.versionStamp("x@1"), found.version());
    assertEquals(List.of(new MetaValue("title", FieldType.TEXT, "A title")), found.values());
  }

  @Test
  void aSourceThatThrowsGivesNoValuesAndTheFileIsStillStamped() {
    MetadataExtraction.Extracted found =
        extraction.of("docs/bad.txt", Path.of("/share/docs/bad.txt"), 5);
    assertEquals(DocumentMapper.versionStamp("x@1"), found.version());
    assertEquals(List.of(), found.values());
  }

  @Test
  void filesExtractedTogetherGetWhatEachGetsAlone() {
    List<MetadataExtraction.Extracted> found =
        extraction.each(
            List.of(
                new MetadataExtraction.Request("good.txt", Path.of("/share/good.txt"), 5),
                new MetadataExtraction.Request("bad.txt", Path.of("/share/bad.txt"), 5),
                new MetadataExtraction.Request("good2.txt", Path.of("/share/good2.txt"), 5)));
    List<MetaValue> title = List.of(new MetaValue("title", FieldType.TEXT, "A title"));
    assertEquals(
        List.of(title, List.of(), title),
        found.stream().map(MetadataExtraction.Extracted::values).toList(),
        "the source's default extractEach throws for bad.txt: each file is then done alone");
  }
}
