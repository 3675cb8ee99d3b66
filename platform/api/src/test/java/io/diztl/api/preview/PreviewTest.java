package io.diztl.api.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PreviewTest {

  @Test
  void encodesAnImageAsAJpegOfItsSize() throws IOException {
    BufferedImage image = new BufferedImage(200, 120, BufferedImage.TYPE_INT_RGB);
    fill(image, Color.BLUE);

    Preview preview = Preview.ofImage(image, 64 * 1024).orElseThrow();

    assertEquals(200, preview.width());
    assertEquals(120, preview.height());
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(preview.jpeg()));
    assertEquals(200, decoded.getWidth());
    assertTrue(blue(decoded.getRGB(100, 60)) > 200, "the picture should still be blue");
    assertEquals(preview.width(), Preview.ofJpeg(preview.jpeg()).width());
  }

  @Test
  void drawsTransparentPixelsOnWhite() throws IOException {
    BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB);

    Preview preview = Preview.ofImage(image, 64 * 1024).orElseThrow();

    int rgb = ImageIO.read(new ByteArrayInputStream(preview.jpeg())).getRGB(32, 32);
    assertTrue((rgb & 0xff) > 240 && ((rgb >> 8) & 0xff) > 240 && ((rgb >> 16) & 0xff) > 240);
  }

  @Test
  void lowersTheQualityUntilTheFileFitsAndGivesUpBelowTheLowest() throws IOException {
    BufferedImage noise = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(7);
    for (int y = 0; y < 256; y++) {
      for (int x = 0; x < 256; x++) {
        noise.setRGB(x, y, random.nextInt(0x1000000));
      }
    }
    int best = Preview.ofImage(noise, Integer.MAX_VALUE).orElseThrow().jpeg().length;

    Preview smaller = Preview.ofImage(noise, best - 1).orElseThrow();

    assertTrue(smaller.jpeg().length < best);
    assertTrue(Preview.ofImage(noise, 1024).isEmpty(), "noise does not fit in 1 KiB");
  }

  @Test
  void refusesBytesThatAreNoJpeg() {
    assertThrows(IllegalArgumentException.class, () -> new Preview(new byte[] {1, 2, 3, 4}, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> Preview.ofJpeg(new byte[] {-1, -40, 0}));
  }

  private static void fill(BufferedImage image, Color color) {
    Graphics2D g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.dispose();
  }

  private static int blue(int rgb) {
    return rgb & 0xff;
  }
}
