package io.diztl.example.wordcount;

import io.diztl.api.metadata.FieldSpec;
import io.diztl.api.metadata.FileSample;
import io.diztl.api.metadata.Metadata;
import io.diztl.api.metadata.MetadataExtractor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pf4j.Extension;

/**
 * Counts the words of plain-text and Markdown files and keeps their heading, so that {@code
 * words>1000} finds long notes and {@code heading:recipes} finds them by title.
 *
 * <p>A word is a run of characters other than white space, as {@code wc -w} counts them. The
 * heading is the first Markdown heading ({@code # Title}) of a Markdown file, else the first line
 * that is not blank.
 */
@Extension
public final class WordCountExtractor implements MetadataExtractor {

  /** Files larger than this are left alone: they are unlikely to be notes. */
  static final long MAX_SIZE = 16L * 1024 * 1024;

  /** The longest heading kept, in characters. */
  static final int MAX_HEADING = 200;

  private static final Set<String> EXTENSIONS = Set.of("txt", "md", "markdown");
  private static final Pattern WORD = Pattern.compile("\\S+");
  private static final Pattern MARKDOWN_HEADING = Pattern.compile("#{1,6}\\s+(.*)");
  private static final List<FieldSpec> FIELDS =
      List.of(
          FieldSpec.number("words", "number of words in a text or Markdown file"),
          FieldSpec.text("heading", "first Markdown heading, else first line that is not blank"));

  @Override
  public List<FieldSpec> fields() {
    return FIELDS;
  }

  @Override
  public boolean accepts(FileSample file) {
    return EXTENSIONS.contains(file.extension()) && file.size() <= MAX_SIZE;
  }

  @Override
  public void extract(FileSample file, Metadata metadata) throws Exception {
    boolean markdown = !file.extension().equals("txt");
    long words = 0;
    String firstLine = null;
    String heading = null;
    // Unlike Files.newBufferedReader, this reader replaces bytes that are not UTF-8 instead of
    // failing on them.
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(Files.newInputStream(file.path()), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        words += WORD.matcher(line).results().count();
        String text = line.strip();
        if (firstLine == null && !text.isEmpty()) {
          firstLine = text;
        }
        Matcher match = MARKDOWN_HEADING.matcher(text);
        if (markdown && heading == null && match.matches() && !match.group(1).isBlank()) {
          heading = match.group(1);
        }
      }
    }
    if (words == 0) {
      return; // blank: nothing worth finding
    }
    metadata.number("words", words);
    String title = heading != null ? heading : firstLine;
    if (title != null) {
      metadata.text("heading", title.substring(0, Math.min(title.length(), MAX_HEADING)));
    }
  }
}
