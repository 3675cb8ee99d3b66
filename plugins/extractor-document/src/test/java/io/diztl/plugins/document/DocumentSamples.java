package io.diztl.plugins.document;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.hpsf.SummaryInformation;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ooxml.POIXMLProperties;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFSlide;
import org.apache.poi.xslf.usermodel.XSLFTextBox;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/** Writes small documents for the tests with the libraries the extractor reads them with. */
final class DocumentSamples {

  private DocumentSamples() {}

  /** A PDF with one line of text per page. */
  static Path pdf(Path file, String title, String author, List<String> pageTexts)
      throws IOException {
    try (PDDocument document = new PDDocument()) {
      PDDocumentInformation info = document.getDocumentInformation();
      info.setTitle(title);
      info.setAuthor(author);
      PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      for (String text : pageTexts) {
        PDPage page = new PDPage();
        document.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(document, page)) {
          content.beginText();
          content.setFont(font, 12);
          content.newLineAtOffset(72, 700);
          content.showText(text);
          content.endText();
        }
      }
      document.save(file.toFile());
    }
    return file;
  }

  /**
   * A one-page PDF of {@code size} points: a line of text, and a black square filling the page's
   * lower left quarter.
   */
  static Path pdfPage(Path file, PDRectangle size) throws IOException {
    try (PDDocument document = new PDDocument()) {
      PDPage page = new PDPage(size);
      document.addPage(page);
      try (PDPageContentStream content = new PDPageContentStream(document, page)) {
        content.addRect(0, 0, size.getWidth() / 2, size.getHeight() / 2);
        content.fill();
        content.beginText();
        content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 24);
        content.newLineAtOffset(size.getWidth() / 2 + 10, size.getHeight() - 40);
        content.showText("first page");
        content.endText();
      }
      document.save(file.toFile());
    }
    return file;
  }

  /**
   * A PDF written by hand (about 600 bytes) with one real page whose page tree claims {@code
   * claimedPages} pages, as a hostile file does.
   */
  static Path pdfClaimingPages(Path file, long claimedPages) throws IOException {
    String stream = "BT /F1 12 Tf 20 100 Td (bomb page) Tj ET";
    List<String> objects =
        List.of(
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count " + claimedPages + " >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R"
                + " /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length " + stream.length() + " >>\nstream\n" + stream + "\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
    StringBuilder xref = new StringBuilder("xref\n0 " + (objects.size() + 1) + "\n");
    xref.append("0000000000 65535 f \n");
    for (int i = 0; i < objects.size(); i++) {
      xref.append("%010d 00000 n \n".formatted(pdf.length()));
      pdf.append(i + 1).append(" 0 obj\n").append(objects.get(i)).append("\nendobj\n");
    }
    int start = pdf.length();
    pdf.append(xref)
        .append("trailer\n<< /Size ")
        .append(objects.size() + 1)
        .append(" /Root 1 0 R >>\nstartxref\n")
        .append(start)
        .append("\n%%EOF\n");
    return Files.writeString(file, pdf, StandardCharsets.US_ASCII);
  }

  /** A Word document with these paragraphs; {@code pages} is recorded as Word does. */
  static Path docx(Path file, String title, String author, int pages, List<String> paragraphs)
      throws IOException {
    try (XWPFDocument document = new XWPFDocument();
        OutputStream out = Files.newOutputStream(file)) {
      paragraphs.forEach(text -> document.createParagraph().createRun().setText(text));
      POIXMLProperties properties = document.getProperties();
      properties.getCoreProperties().setTitle(title);
      properties.getCoreProperties().setCreator(author);
      properties.getExtendedProperties().setPages(pages);
      document.write(out);
    }
    return file;
  }

  /** A presentation with one text box per slide. */
  static Path pptx(Path file, String title, List<String> slideTexts) throws IOException {
    try (XMLSlideShow show = new XMLSlideShow();
        OutputStream out = Files.newOutputStream(file)) {
      for (String text : slideTexts) {
        XSLFSlide slide = show.createSlide();
        XSLFTextBox box = slide.createTextBox();
        box.setText(text);
      }
      show.getProperties().getCoreProperties().setTitle(title);
      show.getProperties().getExtendedProperties().setSlides(slideTexts.size());
      show.write(out);
    }
    return file;
  }

  /** A new (xlsx) or old (xls) spreadsheet with these cells in the first column. */
  static Path spreadsheet(Path file, boolean old, String title, String author, List<String> cells)
      throws IOException {
    try (Workbook workbook = old ? new HSSFWorkbook() : new XSSFWorkbook();
        OutputStream out = Files.newOutputStream(file)) {
      Sheet sheet = workbook.createSheet("Budget");
      for (int i = 0; i < cells.size(); i++) {
        sheet.createRow(i).createCell(0).setCellValue(cells.get(i));
      }
      if (workbook instanceof HSSFWorkbook hssf) {
        hssf.createInformationProperties();
        SummaryInformation summary = hssf.getSummaryInformation();
        summary.setTitle(title);
        summary.setAuthor(author);
      } else {
        POIXMLProperties properties = ((XSSFWorkbook) workbook).getProperties();
        properties.getCoreProperties().setTitle(title);
        properties.getCoreProperties().setCreator(author);
      }
      workbook.write(out);
    }
    return file;
  }
}
