package io.diztl.api.preview;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * A small picture of a file, such as a thumbnail of an image, as JPEG bytes.
 *
 * @param jpeg the JPEG file, at most {@link PreviewLimits#maxBytes()} bytes
 * @param width its width in pixels
 * @param height its height in pixels
 * @since 0.2
 */
public record Preview(byte[] jpeg, int width, int height) {

  /** The media type of {@link #jpeg()}. */
  public static final String MEDIA_TYPE = "image/jpeg";

  /** JPEG qualities tried in turn until the file fits the byte limit. */
  private static final float[] QUALITIES = {0.85f, 0.7f, 0.5f, 0.3f};

  /**
   * Checks the parts.
   *
   * @throws IllegalArgumentException when the bytes do not start as a JPEG file does, or a side is
   *     not positive
   */
  public Preview {
    Objects.requireNonNull(jpeg, "jpeg");
    if (jpeg.length < 4 || (jpeg[0] & 0xff) != 0xff || (jpeg[1] & 0xff) != 0xd8) {
      throw new IllegalArgumentException("expected JPEG bytes, found another format");
    }
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "expected a positive width and height, found " + width + " x " + height);
    }
  }

  /**
   * The preview of JPEG bytes, its size read from their frame header.
   *
   * @throws IllegalArgumentException when the bytes are no JPEG file with a frame header
   */
  public static Preview ofJpeg(byte[] jpeg) {
    Objects.requireNonNull(jpeg, "jpeg");
    int at = 2;
    while (at + 9 < jpeg.length) {
      if ((jpeg[at] & 0xff) != 0xff) {
        break;
      }
      int marker = jpeg[at + 1] & 0xff;
      int length = ((jpeg[at + 2] & 0xff) << 8) | (jpeg[at + 3] & 0xff);
      boolean frame = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xcc;
      if (frame && marker != 0xc8) {
        int height = ((jpeg[at + 5] & 0xff) << 8) | (jpeg[at + 6] & 0xff);
        int width = ((jpeg[at + 7] & 0xff) << 8) | (jpeg[at + 8] & 0xff);
        return new Preview(jpeg, width, height);
      }
      if (length < 2) {
        break;
      }
      at += 2 + length;
    }
    throw new IllegalArgumentException("expected a JPEG file with a frame header, found none");
  }

  /**
   * The preview of an image already scaled to size: drawn on white when it has transparency, then
   * written as JPEG at the best quality whose file fits in {@code maxBytes}.
   *
   * @return empty when even the lowest quality does not fit
   * @throws IOException when the JDK's JPEG writer fails
   * @since 0.3
   */
  public static Optional<Preview> ofImage(BufferedImage image, int maxBytes) throws IOException {
    Objects.requireNonNull(image, "image");
    BufferedImage rgb = opaque(image);
    for (float quality : QUALITIES) {
      byte[] jpeg = jpeg(rgb, quality);
      if (jpeg.length <= maxBytes) {
        return Optional.of(new Preview(jpeg, rgb.getWidth(), rgb.getHeight()));
      }
    }
    return Optional.empty();
  }

  /** The image itself when it is plain RGB, else a copy of it on white, as JPEG needs. */
  private static BufferedImage opaque(BufferedImage image) {
    if (image.getType() == BufferedImage.TYPE_INT_RGB
        || image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
      return image;
    }
    BufferedImage rgb =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
      g.drawImage(image, 0, 0, null);
    } finally {
      g.dispose();
    }
    return rgb;
  }

  private static byte[] jpeg(BufferedImage image, float quality) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
