package io.diztl.plugins.audio;

import io.diztl.api.metadata.FieldSpec;
import io.diztl.api.metadata.FileSample;
import io.diztl.api.metadata.Metadata;
import io.diztl.api.metadata.MetadataExtractor;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jaudiotagger.audio.AudioFile;
import org.jaudiotagger.audio.AudioFileIO;
import org.jaudiotagger.tag.FieldKey;
import org.jaudiotagger.tag.Tag;
import org.jaudiotagger.tag.reference.GenreTypes;
import org.pf4j.Extension;

/**
 * Reads the tags of audio files with jaudiotagger: {@code title}, {@code artist}, {@code album}
 * (text), {@code genre} (keyword), {@code year} and {@code duration} in seconds (numbers), so that
 * {@code artist:"miles davis"}, {@code genre:jazz} or {@code duration<300} find songs.
 */
@Extension
public class AudioTagExtractor implements MetadataExtractor {

  private static final List<FieldSpec> FIELDS =
      List.of(
          FieldSpec.text("title", "title of the track"),
          FieldSpec.text("artist", "performing artist"),
          FieldSpec.text("album", "album the track belongs to"),
          FieldSpec.keyword("genre", "musical genre, such as jazz"),
          FieldSpec.number("year", "year of release"),
          FieldSpec.number("duration", "length in whole seconds"));

  private static final Set<String> EXTENSIONS =
      Set.of(
          "mp3", "flac", "ogg", "oga", "m4a", "m4b", "wma", "wav", "aif", "aiff", "aifc", "dsf",
          "dff");

  private static final Pattern YEAR = Pattern.compile("^\\s*(\\d{4})");
  private static final Pattern GENRE_ID = Pattern.compile("^\\(?(\\d{1,3})\\)?$");

  /**
   * jaudiotagger logs every oddity of every file through java.util.logging; failures reach us as
   * exceptions.
   */
  private static final Logger JAUDIOTAGGER_LOG = Logger.getLogger("org.jaudiotagger");

  static {
    JAUDIOTAGGER_LOG.setLevel(Level.OFF);
  }

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
    AudioFile audio = AudioFileIO.readAs(file.path().toFile(), file.extension());
    double seconds = audio.getAudioHeader().getPreciseTrackLength();
    if (seconds > 0 && Double.isFinite(seconds)) {
      metadata.number("duration", Math.round(seconds));
    }
    Tag tag = audio.getTag();
    if (tag == null) {
      return;
    }
    metadata
        .text("title", tag.getFirst(FieldKey.TITLE))
        .text("artist", tag.getFirst(FieldKey.ARTIST))
        .text("album", tag.getFirst(FieldKey.ALBUM))
        .keyword("genre", genre(tag.getFirst(FieldKey.GENRE)));
    Matcher year = YEAR.matcher(tag.getFirst(FieldKey.YEAR));
    if (year.find()) {
      metadata.number("year", Integer.parseInt(year.group(1)));
    }
  }

  /** ID3 genres may be numbers of the ID3v1 list, written {@code 8} or {@code (8)}. */
  private static String genre(String value) {
    Matcher id = GENRE_ID.matcher(value.strip());
    if (id.matches()) {
      String name = GenreTypes.getInstanceOf().getValueForId(Integer.parseInt(id.group(1)));
      return name == null ? value : name;
    }
    return value;
  }
}
