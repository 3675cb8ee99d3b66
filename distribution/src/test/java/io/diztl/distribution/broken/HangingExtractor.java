package io.diztl.distribution.broken;

import io.diztl.api.metadata.FieldSpec;
import io.diztl.api.metadata.FileSample;
import io.diztl.api.metadata.Metadata;
import io.diztl.api.metadata.MetadataExtractor;
import java.util.List;
import org.pf4j.Extension;

/**
 * A deliberately broken extractor for the smoke test: accepts every file and never returns, deaf to
 * interrupts.
 */
@Extension
public final class HangingExtractor implements MetadataExtractor {

  @Override
  public List<FieldSpec> fields() {
    return List.of(FieldSpec.text("stuck", "never filled"));
  }

  @Override
  public boolean accepts(FileSample file) {
    return true;
  }

  @Override
  public void extract(FileSample file, Metadata metadata) {
    while (true) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        // deaf on purpose: the node must abandon this call
      }
    }
  }
}
