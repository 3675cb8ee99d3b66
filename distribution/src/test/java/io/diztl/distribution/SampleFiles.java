package io.diztl.distribution;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.jaudiotagger.audio.AudioFile;
import org.jaudiotagger.audio.AudioFileIO;
import org.jaudiotagger.tag.FieldKey;
import org.jaudiotagger.tag.Tag;

/** Real media files for the smoke test, written by the libraries users' files come from. */
final class SampleFiles {

  private SampleFiles() {}

  /** A WAVE file of {@code seconds} of silence, tagged with title and artist. */
  static Path song(Path file, int seconds, String title, String artist) throws Exception {
    float rate = 8000;
    AudioFormat format = new AudioFormat(rate, 16, 1, true, false);
    byte[] silence = new byte[(int) rate * 2 * seconds];
    try (AudioInputStream in =
        new AudioInputStream(new ByteArrayInputStream(silence), format, (long) rate * seconds)) {
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
    }
    AudioFile audio = AudioFileIO.read(file.toFile());
    Tag tag = audio.getTagOrCreateAndSetDefault();
    tag.setField(FieldKey.TITLE, title);
    tag.setField(FieldKey.ARTIST, artist);
    audio.commit();
    return file;
  }

  /** A small JPEG whose EXIF names the camera's make and model. */
  static Path photo(Path file, String make, String model) throws Exception {
    BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(0, 0, 64, 48);
    g.dispose();
    ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
    if (!ImageIO.write(image, "jpg", jpeg)) {
      throw new IOException("no JPEG writer in this JDK");
    }
    TiffOutputSet exif = new TiffOutputSet();
    exif.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_MAKE, make);
    exif.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_MODEL, model);
    exif.getOrCreateExifDirectory()
        .add(ExifTagConstants.EXIF_TAG_DATE_TIME_ORIGINAL, "2019:07:14 10:30:00");
    try (OutputStream out = Files.newOutputStream(file)) {
      new ExifRewriter().updateExifMetadataLossless(jpeg.toByteArray(), out, exif);
    }
    return file;
  }

  /** A PDF with a title and one line of text on each page. */
  static Path pdf(Path file, String title, String... pages) throws IOException {
    try (PDDocument document = new PDDocument()) {
      PDDocumentInformation info = document.getDocumentInformation();
      info.setTitle(title);
      PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      for (String text : pages) {
        PDPage page = new PDPage();
        document.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(document, page)) {
          content.beginText();
          content.setFont(font, 12);
          content.newLineAtOffset(72, 700);
          content.showText(text);
          content.endText();
        }
      }
      document.save(file.toFile());
    }
    return file;
  }
}
