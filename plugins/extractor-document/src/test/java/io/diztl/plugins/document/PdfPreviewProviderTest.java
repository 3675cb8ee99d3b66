package io.diztl.plugins.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.metadata.FileSample;
import io.diztl.api.preview.Preview;
import io.diztl.api.preview.PreviewLimits;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PdfPreviewProviderTest {

  @TempDir Path folder;
  private final PdfPreviewProvider provider = new PdfPreviewProvider();

  private static FileSample sample(Path file) throws IOException {
    String name = file.getFileName().toString();
    return new FileSample(
        file, name, name, name.substring(name.lastIndexOf('.') + 1), Files.size(file));
  }

  @Test
  void rendersTheFirstPageAt256PixelsOnTheLongSide() throws Exception {
    FileSample letter =
        sample(DocumentSamples.pdfPage(folder.resolve("letter.pdf"), PDRectangle.LETTER));
    assertTrue(provider.accepts(letter));

    Preview preview = provider.preview(letter, PreviewLimits.DEFAULT).orElseThrow();

    // 612 x 792 points scaled to 256 on the long side.
    assertEquals(198, preview.width());
    assertEquals(256, preview.height());
    assertTrue(preview.jpeg().length <= PreviewLimits.DEFAULT.maxBytes());
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(preview.jpeg()));
    assertEquals(198, decoded.getWidth());
    assertEquals(256, decoded.getHeight());
    assertEquals(preview.width(), Preview.ofJpeg(preview.jpeg()).width());
    assertTrue(brightness(decoded, 50, 200) < 40, "the black square is drawn at the lower left");
    assertTrue(brightness(decoded, 150, 200) > 215, "the lower right is white");
  }

  @Test
  void landscapePagesAreWideAndTheLimitsAreKept() throws Exception {
    PDRectangle a4 = PDRectangle.A4;
    FileSample landscape =
        sample(
            DocumentSamples.pdfPage(
                folder.resolve("wide.pdf"), new PDRectangle(a4.getHeight(), a4.getWidth())));

    Preview preview = provider.preview(landscape, PreviewLimits.DEFAULT).orElseThrow();
    assertEquals(256, preview.width());
    assertEquals(181, preview.height());

    Preview small =
        provider
            .preview(landscape, new PreviewLimits(64, 64 * 1024, 1L << 20, 1 << 20))
            .orElseThrow();
    assertEquals(64, small.width());
    assertEquals(45, small.height());
  }

  @Test
  void absurdPagesAndOtherFilesGetNoPreview() throws Exception {
    FileSample huge =
        sample(DocumentSamples.pdfPage(folder.resolve("huge.pdf"), new PDRectangle(100_000, 10)));
    assertEquals(Optional.empty(), provider.preview(huge, PreviewLimits.DEFAULT));

    FileSample flat =
        sample(DocumentSamples.pdfPage(folder.resolve("flat.pdf"), new PDRectangle(500, 0)));
    assertEquals(Optional.empty(), provider.preview(flat, PreviewLimits.DEFAULT));

    FileSample big =
        sample(DocumentSamples.pdf(folder.resolve("big.pdf"), "t", "a", List.of("some text")));
    assertEquals(
        Optional.empty(),
        provider.preview(big, new PreviewLimits(256, 64 * 1024, 1L << 20, big.size() - 1)));

    assertFalse(provider.accepts(sample(Files.writeString(folder.resolve("notes.txt"), "x"))));
  }

  /** The mean of red, green and blue of the pixel at {@code x}, {@code y}. */
  private static int brightness(BufferedImage image, int x, int y) {
    int rgb = image.getRGB(x, y);
    return (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff)) / 3;
  }
}
