package io.diztl.plugins.audio;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.jaudiotagger.audio.AudioFile;
import org.jaudiotagger.audio.AudioFileIO;
import org.jaudiotagger.tag.FieldKey;
import org.jaudiotagger.tag.Tag;

/** Writes small tagged audio files of silence for the tests. */
final class AudioSamples {

  private static final float RATE = 8000;

  private AudioSamples() {}

  /** Silent 16-bit mono PCM of {@code seconds}, as WAVE or AIFF. */
  static Path pcm(Path file, AudioFileFormat.Type type, int seconds) throws IOException {
    AudioFormat format = new AudioFormat(RATE, 16, 1, true, type == AudioFileFormat.Type.AIFF);
    byte[] silence = new byte[(int) RATE * 2 * seconds];
    try (AudioInputStream in =
        new AudioInputStream(new ByteArrayInputStream(silence), format, (long) RATE * seconds)) {
      AudioSystem.write(in, type, file.toFile());
    }
    return file;
  }

  /**
   * MPEG-1 Layer III frames of {@code seconds} (128 kbit/s, 44.1 kHz, mono), all side information
   * zero, so they decode to silence.
   */
  static Path mp3(Path file, int seconds) throws IOException {
    int frameLength = 144 * 128_000 / 44_100;
    int frames = (int) Math.ceil(seconds * 44_100 / 1152.0);
    byte[] frame = new byte[frameLength];
    frame[0] = (byte) 0xFF;
    frame[1] = (byte) 0xFB;
    frame[2] = (byte) 0x90;
    frame[3] = (byte) 0xC0;
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int i = 0; i < frames; i++) {
        out.write(frame);
      }
    }
    return file;
  }

  /** Writes the usual tags into {@code file}. */
  static Path tag(Path file, String title, String artist, String album, String genre, String year)
      throws Exception {
    AudioFile audio = AudioFileIO.read(file.toFile());
    Tag tag = audio.getTagOrCreateAndSetDefault();
    tag.setField(FieldKey.TITLE, title);
    tag.setField(FieldKey.ARTIST, artist);
    tag.setField(FieldKey.ALBUM, album);
    tag.setField(FieldKey.GENRE, genre);
    tag.setField(FieldKey.YEAR, year);
    audio.commit();
    return file;
  }
}
