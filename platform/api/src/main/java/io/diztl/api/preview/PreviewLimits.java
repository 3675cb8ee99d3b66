package io.diztl.api.preview;

/**
 * What a {@link PreviewProvider} must keep to.
 *
 * @param maxSide the longest side of the preview, in pixels
 * @param maxBytes the largest JPEG, in bytes
 * @param maxPixels the most pixels a source image may have: check the header before decoding and
 *     refuse larger ones, so that a small file claiming a huge image cannot exhaust memory
 * @param maxFileBytes the largest file to read
 * @since 0.2
 */
public record PreviewLimits(int maxSide, int maxBytes, long maxPixels, long maxFileBytes) {

  /** The node's limits: 256 px, 64 KiB, 50 megapixels, files up to 200 MiB. */
  public static final PreviewLimits DEFAULT =
      new PreviewLimits(256, 64 * 1024, 50_000_000L, 200L * 1024 * 1024);

  /** Checks that every limit is positive. */
  public PreviewLimits {
    if (maxSide <= 0 || maxBytes <= 0 || maxPixels <= 0 || maxFileBytes <= 0) {
      throw new IllegalArgumentException("expected positive preview limits");
    }
  }
}
