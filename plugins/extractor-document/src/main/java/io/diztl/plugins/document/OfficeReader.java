package io.diztl.plugins.document;

import io.diztl.api.metadata.Metadata;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.poi.extractor.ExtractorFactory;
import org.apache.poi.extractor.POIOLE2TextExtractor;
import org.apache.poi.extractor.POITextExtractor;
import org.apache.poi.hpsf.DocumentSummaryInformation;
import org.apache.poi.hpsf.SummaryInformation;
import org.apache.poi.ooxml.POIXMLProperties;
import org.apache.poi.ooxml.extractor.POIXMLTextExtractor;

/** Reads Word, Excel and PowerPoint files, old (OLE2) and new (OOXML), with Apache POI. */
final class OfficeReader {

  private OfficeReader() {}

  static void read(Path file, Metadata metadata) throws IOException {
    try (POITextExtractor extractor = ExtractorFactory.createExtractor(file.toFile())) {
      if (extractor instanceof POIXMLTextExtractor ooxml) {
        POIXMLProperties.CoreProperties core = ooxml.getCoreProperties();
        POIXMLProperties.ExtendedProperties extended = ooxml.getExtendedProperties();
        metadata.text("title", core.getTitle()).text("author", core.getCreator());
        pages(metadata, Math.max(extended.getPages(), extended.getSlides()));
      } else if (extractor instanceof POIOLE2TextExtractor ole2) {
        SummaryInformation summary = ole2.getSummaryInformation();
        DocumentSummaryInformation details = ole2.getDocSummaryInformation();
        if (summary != null) {
          metadata.text("title", summary.getTitle()).text("author", summary.getAuthor());
        }
        pages(
            metadata,
            Math.max(
                summary == null ? 0 : summary.getPageCount(),
                details == null ? 0 : details.getSlideCount()));
      }
      metadata.text("content", extractor.getText());
    }
  }

  private static void pages(Metadata metadata, int pages) {
    if (pages > 0) {
      metadata.number("pages", pages);
    }
  }
}
