package io.diztl.plugins.document;

import io.diztl.api.metadata.FileSample;
import io.diztl.api.preview.Preview;
import io.diztl.api.preview.PreviewLimits;
import io.diztl.api.preview.PreviewProvider;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thumbnails of the first page of PDF files: PDFBox renders page 1 at the resolution that makes its
 * long side {@link PreviewLimits#maxSide()} pixels (embedded images subsampled to match), written
 * as JPEG. A page larger than the PDF format allows ({@value #MAX_SIDE_POINTS} points, 200 inches,
 * on a side) or with no area is refused before anything is drawn, as are encrypted files.
 */
@Extension
public class PdfPreviewProvider implements PreviewProvider {

  private static final Logger LOG = LoggerFactory.getLogger(PdfPreviewProvider.class);

  /** The longest page side the PDF format allows, in points (1/72 inch). */
  static final float MAX_SIDE_POINTS = 14_400;

  @Override
  public boolean accepts(FileSample file) {
    return file.extension().equals("pdf");
  }

  @Override
  public Optional<Preview> preview(FileSample file, PreviewLimits limits) throws IOException {
    if (file.size() > limits.maxFileBytes()) {
      return Optional.empty();
    }
    try (PDDocument document =
        Loader.loadPDF(file.path().toFile(), IOUtils.createTempFileOnlyStreamCache())) {
      if (document.getNumberOfPages() == 0) {
        return Optional.empty();
      }
      PDPage page = document.getPage(0);
      PDRectangle box = page.getCropBox();
      float longSide = Math.max(box.getWidth(), box.getHeight());
      float shortSide = Math.min(box.getWidth(), box.getHeight());
      if (!(shortSide > 0) || longSide > MAX_SIDE_POINTS) {
        LOG.debug(
            "No preview of {}: its first page claims {} x {} points",
            file.relativePath(),
            box.getWidth(),
            box.getHeight());
        return Optional.empty();
      }
      // Half a pixel more than the limit, so that the floor PDFBox takes lands on it.
      float dpi = 72f * (limits.maxSide() + 0.5f) / longSide;
      PDFRenderer renderer = new PDFRenderer(document);
      renderer.setSubsamplingAllowed(true);
      BufferedImage image = renderer.renderImageWithDPI(0, dpi, ImageType.RGB);
      return Preview.ofImage(image, limits.maxBytes());
    } catch (InvalidPasswordException e) {
      LOG.debug("No preview of {}: it is encrypted", file.relativePath());
      return Optional.empty();
    }
  }
}
