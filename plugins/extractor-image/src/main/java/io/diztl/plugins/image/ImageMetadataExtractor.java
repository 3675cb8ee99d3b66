package io.diztl.plugins.image;

import com.drew.imaging.ImageMetadataReader;
import com.drew.lang.GeoLocation;
import com.drew.metadata.Directory;
import com.drew.metadata.bmp.BmpHeaderDirectory;
import com.drew.metadata.exif.ExifDirectoryBase;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;
import com.drew.metadata.gif.GifHeaderDirectory;
import com.drew.metadata.heif.HeifDirectory;
import com.drew.metadata.ico.IcoDirectory;
import com.drew.metadata.jpeg.JpegDirectory;
import com.drew.metadata.photoshop.PsdHeaderDirectory;
import com.drew.metadata.png.PngDirectory;
import com.drew.metadata.webp.WebpDirectory;
import io.diztl.api.metadata.FieldSpec;
import io.diztl.api.metadata.FileSample;
import io.diztl.api.metadata.Metadata;
import io.diztl.api.metadata.MetadataExtractor;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.pf4j.Extension;

/**
 * Reads image metadata with metadata-extractor: {@code width} and {@code height} in pixels
 * (numbers), {@code camera} (make and model, text), {@code taken} (EXIF original date, the camera's
 * clock read as UTC) and {@code gps} ({@code yes} when the image holds a position, else {@code
 * no}), so that {@code camera:nikon}, {@code width>=3000} or {@code gps:yes} find photos.
 */
@Extension
public class ImageMetadataExtractor implements MetadataExtractor {

  private static final List<FieldSpec> FIELDS =
      List.of(
          FieldSpec.number("width", "width in pixels"),
          FieldSpec.number("height", "height in pixels"),
          FieldSpec.text("camera", "make and model of the camera"),
          FieldSpec.date("taken", "when the photo was taken"),
          FieldSpec.keyword("gps", "yes when the image holds a GPS position, else no"));

  private static final Set<String> EXTENSIONS =
      Set.of(
          "jpg", "jpeg", "jpe", "png", "gif", "bmp", "tif", "tiff", "webp", "heic", "heif", "psd",
          "ico", "cr2", "nef", "arw", "dng", "orf", "rw2", "raf");

  /** Where each format keeps its size, most specific first. */
  private static final List<SizeTags> SIZES =
      List.of(
          new SizeTags(
              JpegDirectory.class, JpegDirectory.TAG_IMAGE_WIDTH, JpegDirectory.TAG_IMAGE_HEIGHT),
          new SizeTags(
              PngDirectory.class, PngDirectory.TAG_IMAGE_WIDTH, PngDirectory.TAG_IMAGE_HEIGHT),
          new SizeTags(
              GifHeaderDirectory.class,
              GifHeaderDirectory.TAG_IMAGE_WIDTH,
              GifHeaderDirectory.TAG_IMAGE_HEIGHT),
          new SizeTags(
              BmpHeaderDirectory.class,
              BmpHeaderDirectory.TAG_IMAGE_WIDTH,
              BmpHeaderDirectory.TAG_IMAGE_HEIGHT),
          new SizeTags(
              WebpDirectory.class, WebpDirectory.TAG_IMAGE_WIDTH, WebpDirectory.TAG_IMAGE_HEIGHT),
          new SizeTags(
              HeifDirectory.class, HeifDirectory.TAG_IMAGE_WIDTH, HeifDirectory.TAG_IMAGE_HEIGHT),
          new SizeTags(
              PsdHeaderDirectory.class,
              PsdHeaderDirectory.TAG_IMAGE_WIDTH,
              PsdHeaderDirectory.TAG_IMAGE_HEIGHT),
          new SizeTags(
              IcoDirectory.class, IcoDirectory.TAG_IMAGE_WIDTH, IcoDirectory.TAG_IMAGE_HEIGHT),
          new SizeTags(
              ExifSubIFDDirectory.class,
              ExifDirectoryBase.TAG_EXIF_IMAGE_WIDTH,
              ExifDirectoryBase.TAG_EXIF_IMAGE_HEIGHT),
          new SizeTags(
              ExifIFD0Directory.class,
              ExifDirectoryBase.TAG_IMAGE_WIDTH,
              ExifDirectoryBase.TAG_IMAGE_HEIGHT));

  @Override
  public List<FieldSpec> fields() {
    return FIELDS;
  }

  @Override
  public Set<String> extensions() {
    return EXTENSIONS;
  }

  @Override
  public boolean accepts(FileSample file) {
    return EXTENSIONS.contains(file.extension());
  }

  @Override
  public void extract(FileSample file, Metadata metadata) throws Exception {
    com.drew.metadata.Metadata image = ImageMetadataReader.readMetadata(file.path().toFile());
    for (SizeTags size : SIZES) {
      Directory directory = image.getFirstDirectoryOfType(size.directory());
      Integer width = directory == null ? null : directory.getInteger(size.width());
      Integer height = directory == null ? null : directory.getInteger(size.height());
      if (width != null && height != null && width > 0 && height > 0) {
        metadata.number("width", width).number("height", height);
        break;
      }
    }
    ExifIFD0Directory camera = image.getFirstDirectoryOfType(ExifIFD0Directory.class);
    if (camera != null) {
      metadata.text(
          "camera",
          camera(
              camera.getString(ExifDirectoryBase.TAG_MAKE),
              camera.getString(ExifDirectoryBase.TAG_MODEL)));
    }
    ExifSubIFDDirectory exif = image.getFirstDirectoryOfType(ExifSubIFDDirectory.class);
    Date taken = exif == null ? null : exif.getDateOriginal();
    if (taken != null) {
      metadata.date("taken", taken.toInstant());
    }
    GpsDirectory gps = image.getFirstDirectoryOfType(GpsDirectory.class);
    GeoLocation position = gps == null ? null : gps.getGeoLocation();
    metadata.keyword("gps", position != null && !position.isZero() ? "yes" : "no");
  }

  /** "Canon" and "Canon EOS 5D" give "Canon EOS 5D"; "NIKON CORPORATION" and "D750" give both. */
  static String camera(String make, String model) {
    String brand = make == null ? "" : make.strip();
    String name = model == null ? "" : model.strip();
    String firstWord = brand.split("\\s+")[0].toLowerCase(Locale.ROOT);
    if (name.toLowerCase(Locale.ROOT).contains(firstWord)) {
      return name;
    }
    return (brand + " " + name).strip();
  }

  private record SizeTags(Class<? extends Directory> directory, int width, int height) {}
}
