package io.diztl.plugins.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.diztl.api.metadata.MetadataExtractor;
import io.diztl.plugintest.ExtractorTester;
import io.diztl.plugintest.MetadataExtractorContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sound.sampled.AudioFileFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioTagExtractorTest extends MetadataExtractorContract {

  @TempDir Path dir;

  private final ExtractorTester tester = ExtractorTester.of(new AudioTagExtractor());

  @Override
  protected MetadataExtractor extractor() {
    return new AudioTagExtractor();
  }

  @Override
  protected List<String> acceptedExtensions() {
    return List.of("mp3", "flac", "ogg", "m4a", "wav", "aiff");
  }

  @Test
  void readsId3TagsAndLengthOfAnMp3() throws Exception {
    Path song = AudioSamples.mp3(dir.resolve("so-what.mp3"), 10);
    AudioSamples.tag(song, "So What", "Miles Davis", "Kind of Blue", "Jazz", "1959");
    tester
        .extract(song)
        .assertText("title", "So What")
        .assertText("artist", "Miles Davis")
        .assertText("album", "Kind of Blue")
        .assertKeyword("genre", "jazz")
        .assertNumber("year", 1959)
        .assertNumber("duration", 10)
        .assertOnlyFields("title", "artist", "album", "genre", "year", "duration");
  }

  @Test
  void readsTagsAndLengthOfAWav() throws Exception {
    Path song = AudioSamples.pcm(dir.resolve("blue-in-green.wav"), AudioFileFormat.Type.WAVE, 3);
    AudioSamples.tag(song, "Blue in Green", "Bill Evans", "Kind of Blue", "Jazz", "1959-03-02");
    tester
        .extract(song)
        .assertText("title", "Blue in Green")
        .assertText("artist", "Bill Evans")
        .assertText("album", "Kind of Blue")
        .assertKeyword("genre", "Jazz")
        .assertNumber("year", 1959)
        .assertNumber("duration", 3);
  }

  @Test
  void readsTagsOfAnAiff() throws Exception {
    Path song = AudioSamples.pcm(dir.resolve("flamenco.aiff"), AudioFileFormat.Type.AIFF, 2);
    AudioSamples.tag(song, "Flamenco Sketches", "Miles Davis", "Kind of Blue", "Jazz", "1959");
    tester.extract(song).assertText("title", "Flamenco Sketches").assertNumber("duration", 2);
  }

  @Test
  void untaggedFileGivesOnlyItsLength() throws Exception {
    Path song = AudioSamples.pcm(dir.resolve("untagged.wav"), AudioFileFormat.Type.WAVE, 4);
    tester.extract(song).assertOnlyFields("duration").assertNumber("duration", 4);
  }

  @Test
  void textInAFlacIsRefused() throws Exception {
    Path notAudio = Files.writeString(dir.resolve("fake.flac"), "not audio at all");
    assertThrows(Exception.class, () -> tester.attempt(notAudio));
  }

  @Test
  void jaudiotaggerStaysQuiet() {
    new AudioTagExtractor();
    assertEquals(Level.OFF, Logger.getLogger("org.jaudiotagger").getLevel());
  }
}
