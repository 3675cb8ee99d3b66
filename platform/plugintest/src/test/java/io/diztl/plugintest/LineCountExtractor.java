package io.diztl.plugintest;

import io.diztl.api.metadata.FieldSpec;
import io.diztl.api.metadata.FileSample;
import io.diztl.api.metadata.Metadata;
import io.diztl.api.metadata.MetadataExtractor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.pf4j.Extension;

/** Test extractor: the first line of a .txt file is its title, and its lines are counted. */
@Extension
public class LineCountExtractor implements MetadataExtractor {

  private static final List<FieldSpec> FIELDS =
      List.of(FieldSpec.text("title", "first line"), FieldSpec.number("lines", "number of lines"));

  @Override
  public List<FieldSpec> fields() {
    return FIELDS;
  }

  @Override
  public boolean accepts(FileSample file) {
    return file.extension().equals("txt");
  }

  @Override
  public void extract(FileSample file, Metadata metadata) throws Exception {
    List<String> lines = Files.readAllLines(file.path(), StandardCharsets.ISO_8859_1);
    if (!lines.isEmpty()) {
      metadata.text("title", lines.getFirst()).number("lines", lines.size());
    }
  }
}
