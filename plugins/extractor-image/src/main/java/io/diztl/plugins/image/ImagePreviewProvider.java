package io.diztl.plugins.image;

import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import io.diztl.api.metadata.FileSample;
import io.diztl.api.preview.Preview;
import io.diztl.api.preview.PreviewLimits;
import io.diztl.api.preview.PreviewProvider;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.stream.ImageInputStream;
import net.coobird.thumbnailator.Thumbnails;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thumbnails of images: JPEG, PNG, GIF, BMP and TIFF through the JDK's ImageIO readers, WebP
 * through TwelveMonkeys', scaled with Thumbnailator to {@link PreviewLimits#maxSide()} on the long
 * side (smaller images are kept as they are) and written as JPEG. The size in the image's header is
 * checked before anything is decoded: an image of more than {@link PreviewLimits#maxPixels()}
 * pixels (a decompression bomb: a small file claiming a huge picture) is refused, and a large one
 * is read subsampled.
 */
@Extension
public class ImagePreviewProvider implements PreviewProvider {

  private static final Logger LOG = LoggerFactory.getLogger(ImagePreviewProvider.class);

  /** The JDK's reader format of each extension; WebP is read by TwelveMonkeys. */
  private static final Map<String, String> FORMATS =
      Map.of(
          "jpg", "jpeg", "jpeg", "jpeg", "jpe", "jpeg", "png", "png", "gif", "gif", "bmp", "bmp",
          "tif", "tiff", "tiff", "tiff", "webp", "webp");

  static {
    // The registry scans the context class loader once, when first used: let that be the
    // platform's, not this plugin's, so that no reader of the plugin is registered for the node.
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
    try {
      IIORegistry.getDefaultInstance();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  @Override
  public boolean accepts(FileSample file) {
    return FORMATS.containsKey(file.extension());
  }

  @Override
  public Optional<Preview> preview(FileSample file, PreviewLimits limits) throws IOException {
    if (file.size() > limits.maxFileBytes()) {
      return Optional.empty();
    }
    BufferedImage image;
    try (ImageInputStream in = ImageIO.createImageInputStream(file.path().toFile())) {
      ImageReader reader = reader(FORMATS.get(file.extension()));
      try {
        reader.setInput(in, true, true);
        long width = reader.getWidth(0);
        long height = reader.getHeight(0);
        if (width <= 0 || height <= 0 || width * height > limits.maxPixels()) {
          LOG.debug(
              "No preview of {}: its header claims {} x {} pixels, more than {}",
              file.relativePath(),
              width,
              height,
              limits.maxPixels());
          return Optional.empty();
        }
        ImageReadParam param = reader.getDefaultReadParam();
        int step = (int) Math.max(1, Math.max(width, height) / (2L * limits.maxSide()));
        param.setSourceSubsampling(step, step, 0, 0);
        image = reader.read(0, param);
      } finally {
        reader.dispose();
      }
    }
    BufferedImage thumbnail =
        Math.max(image.getWidth(), image.getHeight()) <= limits.maxSide()
            ? image
            : Thumbnails.of(image).size(limits.maxSide(), limits.maxSide()).asBufferedImage();
    return Preview.ofImage(thumbnail, limits.maxBytes());
  }

  private static ImageReader reader(String format) throws IOException {
    if (format.equals("webp")) {
      return new WebPImageReaderSpi().createReaderInstance(null);
    }
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
    if (!readers.hasNext()) {
      throw new IOException("no image reader for " + format);
    }
    return readers.next();
  }
}
