package io.diztl.plugins.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.diztl.api.metadata.MetadataExtractor;
import io.diztl.plugintest.ExtractorTester;
import io.diztl.plugintest.MetadataExtractorContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageMetadataExtractorTest extends MetadataExtractorContract {

  @TempDir Path dir;

  private final ExtractorTester tester = ExtractorTester.of(new ImageMetadataExtractor());

  @Override
  protected MetadataExtractor extractor() {
    return new ImageMetadataExtractor();
  }

  @Override
  protected List<String> acceptedExtensions() {
    return List.of("jpg", "jpeg", "png", "gif", "bmp", "tiff", "webp", "heic", "nef");
  }

  @Test
  void readsExifOfAPhoto() throws Exception {
    Path photo =
        ImageSamples.photo(
            dir.resolve("lisbon.jpg"),
            64,
            48,
            "NIKON CORPORATION",
            "NIKON D750",
            "2019:07:14 10:30:05",
            new double[] {38.7223, -9.1393});
    tester
        .extract(photo)
        .assertNumber("width", 64)
        .assertNumber("height", 48)
        .assertText("camera", "NIKON D750")
        .assertDate("taken", Instant.parse("2019-07-14T10:30:05Z"))
        .assertKeyword("gps", "yes")
        .assertOnlyFields("width", "height", "camera", "taken", "gps");
  }

  @Test
  void photoWithoutPositionSaysSo() throws Exception {
    Path photo =
        ImageSamples.photo(
            dir.resolve("cat.jpeg"), 40, 30, "Canon", "EOS 5D", "2021:12:31 23:59:59", null);
    tester
        .extract(photo)
        .assertText("camera", "Canon EOS 5D")
        .assertDate("taken", Instant.parse("2021-12-31T23:59:59Z"))
        .assertKeyword("gps", "no");
  }

  @Test
  void readsTheSizeOfImagesWithoutExif() throws Exception {
    for (String format : List.of("png", "gif", "bmp", "jpg")) {
      Path image =
          Files.write(dir.resolve("plain." + format), ImageSamples.picture(format, 33, 17));
      tester
          .extract(image)
          .assertNumber("width", 33)
          .assertNumber("height", 17)
          .assertKeyword("gps", "no")
          .assertOnlyFields("width", "height", "gps");
    }
  }

  @Test
  void textNamedLikeAnImageIsRefused() throws Exception {
    Path fake = Files.writeString(dir.resolve("fake.png"), "not an image");
    assertThrows(Exception.class, () -> tester.attempt(fake));
  }

  @Test
  void cameraNamesAreNotRepeated() {
    assertEquals("Canon EOS 5D", ImageMetadataExtractor.camera("Canon", "Canon EOS 5D"));
    assertEquals("Canon EOS 5D", ImageMetadataExtractor.camera("Canon", "EOS 5D"));
    assertEquals("NIKON D750", ImageMetadataExtractor.camera("NIKON CORPORATION", "NIKON D750"));
    assertEquals("Apple", ImageMetadataExtractor.camera("Apple", null));
    assertEquals("iPhone 12", ImageMetadataExtractor.camera(null, "iPhone 12"));
  }
}
