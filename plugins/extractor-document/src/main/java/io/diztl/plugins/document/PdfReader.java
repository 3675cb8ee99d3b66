package io.diztl.plugins.document;

import io.diztl.api.metadata.Metadata;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Reads PDF files with PDFBox. The page count a file claims is never trusted: the pages are those
 * its page tree really holds, and text is read from at most {@value #MAX_TEXT_PAGES} of them.
 */
final class PdfReader {

  /** Pages whose text is extracted at a time, until enough text was found. */
  private static final int PAGES_PER_STEP = 16;

  /** The most pages text is read from. */
  static final int MAX_TEXT_PAGES = 2_000;

  /** The most pages counted; a file with more is recorded with this many. */
  static final int MAX_COUNTED_PAGES = 1_000_000;

  private PdfReader() {}

  static void read(Path file, Metadata metadata) throws IOException {
    try (PDDocument document = Loader.loadPDF(file.toFile())) {
      PDDocumentInformation info = document.getDocumentInformation();
      int pages = realPages(document);
      metadata
          .text("title", info.getTitle())
          .text("author", info.getAuthor())
          .number("pages", pages);
      PDFTextStripper stripper = new PDFTextStripper();
      StringBuilder text = new StringBuilder();
      int last = Math.min(pages, MAX_TEXT_PAGES);
      for (int first = 1;
          first <= last && text.length() < Metadata.MAX_TEXT_LENGTH;
          first += PAGES_PER_STEP) {
        if (Thread.currentThread().isInterrupted()) {
          throw new IOException("interrupted while reading " + file.getFileName());
        }
        stripper.setStartPage(first);
        stripper.setEndPage(Math.min(first + PAGES_PER_STEP - 1, last));
        text.append(stripper.getText(document));
      }
      metadata.text("content", text.toString());
    }
  }

  /** The pages the page tree really holds (not its claimed count), at most the counted limit. */
  private static int realPages(PDDocument document) {
    int pages = 0;
    for (PDPage page : document.getPages()) {
      if (page != null && ++pages == MAX_COUNTED_PAGES) {
        break;
      }
    }
    return pages;
  }
}
