package io.diztl.api.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A short passage of a text field (a document's content, a heading) that matched a search, with the
 * matched words marked. The passage is plain text, never markup: whoever shows it escapes the text
 * and marks the ranges its own way ({@code <mark>} in a web page, bold on a terminal).
 *
 * @param field the metadata field it comes from, such as {@code content}
 * @param text the passage, at most {@value #MAX_CHARS} characters
 * @param marks the matched words, as ranges of {@code text} in order, none overlapping
 * @since 0.2
 */
public record Snippet(String field, String text, List<Range> marks) {

  /** The longest passage, in characters. */
  public static final int MAX_CHARS = 200;

  /** The most snippets of one search result. */
  public static final int MAX_PER_HIT = 3;

  /**
   * A marked part of a snippet's text.
   *
   * @param start the first character, counted in UTF-16 code units (as Java and JavaScript count)
   * @param end the character after the last
   */
  public record Range(int start, int end) {}

  /**
   * Checks the parts.
   *
   * @throws IllegalArgumentException when the text is longer than {@value #MAX_CHARS} characters or
   *     a range is empty, out of order, overlapping or outside the text
   */
  public Snippet {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(text, "text");
    marks = List.copyOf(marks);
    if (text.length() > MAX_CHARS) {
      throw new IllegalArgumentException(
          "expected a snippet of at most " + MAX_CHARS + " characters, found " + text.length());
    }
    int previous = 0;
    for (Range mark : marks) {
      if (mark.start() < previous || mark.end() <= mark.start() || mark.end() > text.length()) {
        throw new IllegalArgumentException(
            "expected ordered ranges inside the text of "
                + text.length()
                + " characters, found "
                + mark.start()
                + ".."
                + mark.end());
      }
      previous = mark.end();
    }
  }

  /**
   * A snippet from another node's parts: the text cut to {@value #MAX_CHARS} characters, and only
   * the ranges that are valid there kept.
   */
  public static Snippet lenient(String field, String text, List<Range> marks) {
    String cut = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
    List<Range> kept = new ArrayList<>();
    int previous = 0;
    for (Range mark : marks) {
      if (mark.start() >= previous && mark.end() > mark.start() && mark.end() <= cut.length()) {
        kept.add(mark);
        previous = mark.end();
      }
    }
    return new Snippet(field, cut, kept);
  }

  /** The text cut into parts at the marks, in order; each part says whether it is marked. */
  public List<Part> parts() {
    List<Part> parts = new ArrayList<>();
    int at = 0;
    for (Range mark : marks) {
      if (mark.start() > at) {
        parts.add(new Part(text.substring(at, mark.start()), false));
      }
      parts.add(new Part(text.substring(mark.start(), mark.end()), true));
      at = mark.end();
    }
    if (at < text.length()) {
      parts.add(new Part(text.substring(at), false));
    }
    return parts;
  }

  /**
   * A run of a snippet's text.
   *
   * @param text the characters
   * @param marked whether they are a matched word
   */
  public record Part(String text, boolean marked) {}
}
