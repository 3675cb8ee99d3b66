package io.diztl.plugins.document;

import io.diztl.api.metadata.FieldSpec;
import io.diztl.api.metadata.FileSample;
import io.diztl.api.metadata.Metadata;
import io.diztl.api.metadata.MetadataExtractor;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.pf4j.Extension;

/**
 * Reads documents: {@code title} and {@code author} (text), {@code pages} (number: pages of PDF and
 * Word files, slides of presentations, when the file records them) and the text {@code content}
 * (cut at {@link Metadata#MAX_TEXT_LENGTH} characters) of PDF (PDFBox), Word, Excel and PowerPoint
 * files old and new (Apache POI) and plain text (txt, md, csv; UTF-8, else ISO-8859-1). Plain words
 * of a query then find documents by what they say; {@code pages>100} finds long ones.
 */
@Extension
public class DocumentExtractor implements MetadataExtractor {

  private static final List<FieldSpec> FIELDS =
      List.of(
          FieldSpec.text("title", "title of the document"),
          FieldSpec.text("author", "author of the document"),
          FieldSpec.number("pages", "number of pages (slides of a presentation)"),
          FieldSpec.text("content", "the text of the document"));

  private static final Set<String> PLAIN_TEXT = Set.of("txt", "md", "csv");
  private static final Set<String> OFFICE = Set.of("doc", "docx", "xls", "xlsx", "ppt", "pptx");
  private static final Set<String> ACCEPTED =
      Stream.of(Set.of("pdf"), OFFICE, PLAIN_TEXT)
          .flatMap(Set::stream)
          .collect(Collectors.toUnmodifiableSet());

  @Override
  public List<FieldSpec> fields() {
    return FIELDS;
  }

  @Override
  public Set<String> extensions() {
    return ACCEPTED;
  }

  @Override
  public boolean accepts(FileSample file) {
    return ACCEPTED.contains(file.extension());
  }

  @Override
  public void extract(FileSample file, Metadata metadata) throws Exception {
    if (file.extension().equals("pdf")) {
      PdfReader.read(file.path(), metadata);
    } else if (OFFICE.contains(file.extension())) {
      OfficeReader.read(file.path(), metadata);
    } else {
      metadata.text("content", PlainTextReader.read(file.path()));
    }
  }
}
