package io.diztl.plugintest;

import io.diztl.api.metadata.MetadataExtractor;
import java.util.List;

class LineCountExtractorContractTest extends MetadataExtractorContract {

  @Override
  protected MetadataExtractor extractor() {
    return new LineCountExtractor();
  }

  @Override
  protected List<String> acceptedExtensions() {
    return List.of("txt");
  }
}
