package io.diztl.distribution.broken;

import io.diztl.api.metadata.FieldSpec;
import io.diztl.api.metadata.FileSample;
import io.diztl.api.metadata.Metadata;
import io.diztl.api.metadata.MetadataExtractor;
import java.util.List;
import org.pf4j.Extension;

/** A deliberately broken extractor for the smoke test: accepts every file and fails on each. */
@Extension
public final class ThrowingExtractor implements MetadataExtractor {

  @Override
  public List<FieldSpec> fields() {
    return List.of(FieldSpec.text("broken", "never filled"));
  }

  @Override
  public boolean accepts(FileSample file) {
    return true;
  }

  @Override
  public void extract(FileSample file, Metadata metadata) {
    throw new IllegalStateException("deliberately broken extractor, on " + file.name());
  }
}
