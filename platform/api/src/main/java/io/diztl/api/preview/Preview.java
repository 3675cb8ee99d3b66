package io.diztl.api.preview;

import java.util.Objects;

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
}
