package io.diztl.plugins.document;

import io.diztl.api.metadata.Metadata;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.text.PDFTextStripper;

/** Reads PDF files with PDFBox. */
final class PdfReader {

  /** Pages whose text is extracted at a time, until enough text was found. */
  private static final int PAGES_PER_STEP = 16;

  private PdfReader() {}

  static void read(Path file, Metadata metadata) throws IOException {
    try (PDDocument document = Loader.loadPDF(file.toFile())) {
      PDDocumentInformation info = document.getDocumentInformation();
      int pages = document.getNumberOfPages();
      metadata
          .text("title", info.getTitle())
          .text("author", info.getAuthor())
          .number("pages", pages);
      PDFTextStripper stripper = new PDFTextStripper();
      StringBuilder text = new StringBuilder();
      for (int first = 1;
          first <= pages && text.length() < Metadata.MAX_TEXT_LENGTH;
          first += PAGES_PER_STEP) {
        stripper.setStartPage(first);
        stripper.setEndPage(first + PAGES_PER_STEP - 1);
        text.append(stripper.getText(document));
      }
      metadata.text("content", text.toString());
    }
  }
}
