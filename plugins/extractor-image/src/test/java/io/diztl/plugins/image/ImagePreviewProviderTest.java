package io.diztl.plugins.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.metadata.FileSample;
import io.diztl.api.preview.Preview;
import io.diztl.api.preview.PreviewLimits;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagePreviewProviderTest {

  @TempDir Path folder;
  private final ImagePreviewProvider provider = new ImagePreviewProvider();

  private FileSample sample(String name, byte[] content) throws IOException {
    Path file = Files.write(folder.resolve(name), content);
    String ext = name.substring(name.lastIndexOf('.') + 1);
    return new FileSample(file, name, name, ext, content.length);
  }

  @Test
  void makesAJpegOfAtMost256PixelsOnTheLongSide() throws Exception {
    FileSample photo = sample("photo.jpg", ImageSamples.picture("jpg", 1200, 800));
    assertTrue(provider.accepts(photo));

    Preview preview = provider.preview(photo, PreviewLimits.DEFAULT).orElseThrow();

    assertEquals(256, preview.width());
    assertEquals(171, preview.height());
    assertTrue(preview.jpeg().length <= PreviewLimits.DEFAULT.maxBytes());
    try (ImageInputStream in =
        ImageIO.createImageInputStream(new ByteArrayInputStream(preview.jpeg()))) {
      ImageReader reader = ImageIO.getImageReaders(in).next();
      assertEquals("jpeg", reader.getFormatName().toLowerCase(java.util.Locale.ROOT));
      reader.setInput(in);
      BufferedImage decoded = reader.read(0);
      assertEquals(256, decoded.getWidth());
      assertEquals(171, decoded.getHeight());
    }
    assertEquals(preview.width(), Preview.ofJpeg(preview.jpeg()).width());
  }

  @Test
  void makesThumbnailsOfPngsWithTransparencyAndOfSmallImagesAsTheyAre() throws Exception {
    BufferedImage clear = new BufferedImage(40, 30, BufferedImage.TYPE_INT_ARGB);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(clear, "png", png);

    Preview preview =
        provider
            .preview(sample("clear.png", png.toByteArray()), PreviewLimits.DEFAULT)
            .orElseThrow();

    assertEquals(40, preview.width());
    assertEquals(30, preview.height());
  }

  @Test
  void refusesADecompressionBombBeforeDecodingIt() throws Exception {
    FileSample bomb = sample("bomb.png", ImageSamples.pngClaiming(100_000, 100_000));

    long start = System.nanoTime();
    Optional<Preview> preview = provider.preview(bomb, PreviewLimits.DEFAULT);

    assertFalse(preview.isPresent());
    assertTrue(System.nanoTime() - start < 2_000_000_000L, "refused at once, without decoding");
  }

  @Test
  void refusesFilesLargerThanTheLimit() throws Exception {
    FileSample photo = sample("photo.jpg", ImageSamples.picture("jpg", 50, 50));

    assertFalse(provider.preview(photo, new PreviewLimits(256, 65536, 1_000_000, 10)).isPresent());
  }

  @Test
  void acceptsImagesOnly() {
    assertFalse(provider.accepts(new FileSample(folder, "a.txt", "a.txt", "txt", 10)));
    assertTrue(provider.accepts(new FileSample(folder, "a.webp", "a.webp", "webp", 10)));
  }
}
