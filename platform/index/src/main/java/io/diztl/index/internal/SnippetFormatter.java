package io.diztl.index.internal;

import io.diztl.api.ui.Snippet;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.search.uhighlight.Passage;
import org.apache.lucene.search.uhighlight.PassageFormatter;

/**
 * Turns the highlighter's passages into snippet text with marked ranges: white space collapsed to
 * single spaces, overlapping matches merged (a name-like word is indexed whole and in parts), and a
 * passage longer than {@value Snippet#MAX_CHARS} characters cut around its first match, with {@code
 * …} where it was cut.
 */
final class SnippetFormatter extends PassageFormatter {

  /** How much text is kept before the first match of a long passage. */
  private static final int LEAD_CHARS = 50;

  /** How far a cut may move to fall between words. */
  private static final int WORD_SLACK = 15;

  private static final String ELLIPSIS = "…";

  /** The passages of one field of one document, field name still to be given. */
  record Passages(List<Cut> cuts) {
    List<Snippet> snippets(String field) {
      return cuts.stream().map(cut -> new Snippet(field, cut.text(), cut.marks())).toList();
    }
  }

  /** One passage's text and marks. */
  record Cut(String text, List<Snippet.Range> marks) {}

  @Override
  public Object format(Passage[] passages, String content) {
    List<Cut> cuts = new ArrayList<>();
    for (Passage passage : passages) {
      if (passage.getNumMatches() > 0) {
        cuts.add(cut(passage, content));
      }
    }
    return new Passages(cuts);
  }

  static Cut cut(Passage passage, String content) {
    List<int[]> matches = merged(passage);
    StringBuilder out = new StringBuilder();
    List<Snippet.Range> marks = new ArrayList<>();
    boolean space = false;
    int next = 0;
    int markStart = -1;
    for (int i = passage.getStartOffset(); i < passage.getEndOffset(); i++) {
      char c = content.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        space = true;
        continue;
      }
      if (space && !out.isEmpty()) {
        out.append(' ');
      }
      space = false;
      if (markStart < 0 && next < matches.size() && matches.get(next)[0] <= i) {
        markStart = out.length();
      }
      out.append(c);
      if (markStart >= 0 && i + 1 >= matches.get(next)[1]) {
        marks.add(new Snippet.Range(markStart, out.length()));
        markStart = -1;
        next++;
      }
    }
    return out.length() <= Snippet.MAX_CHARS ? new Cut(out.toString(), marks) : window(out, marks);
  }

  /** The part of a long passage around its first mark. */
  private static Cut window(CharSequence text, List<Snippet.Range> marks) {
    int first = marks.isEmpty() ? 0 : marks.getFirst().start();
    int begin = Math.max(0, first - LEAD_CHARS);
    if (begin > 0) {
      int space = indexOf(text, ' ', begin, Math.min(first, begin + WORD_SLACK));
      begin = space < 0 ? begin : space + 1;
      if (Character.isLowSurrogate(text.charAt(begin))) {
        begin++;
      }
    }
    String lead = begin > 0 ? ELLIPSIS : "";
    int end = Math.min(text.length(), begin + Snippet.MAX_CHARS - lead.length());
    if (end < text.length()) {
      end = begin + Snippet.MAX_CHARS - lead.length() - ELLIPSIS.length();
      int space = lastIndexOf(text, ' ', end, Math.max(first + 1, end - WORD_SLACK));
      end = space < 0 ? end : space;
      if (Character.isLowSurrogate(text.charAt(end))) {
        end--;
      }
    }
    String tail = end < text.length() ? ELLIPSIS : "";
    String cut = lead + text.subSequence(begin, end) + tail;
    int shift = lead.length() - begin;
    List<Snippet.Range> kept = new ArrayList<>();
    for (Snippet.Range mark : marks) {
      int start = Math.max(mark.start(), begin);
      int stop = Math.min(mark.end(), end);
      if (start < stop) {
        kept.add(new Snippet.Range(start + shift, stop + shift));
      }
    }
    return new Cut(cut, kept);
  }

  /** The matches of a passage by start, overlapping ones merged. */
  private static List<int[]> merged(Passage passage) {
    List<int[]> matches = new ArrayList<>();
    int[] starts = passage.getMatchStarts();
    int[] ends = passage.getMatchEnds();
    for (int i = 0; i < passage.getNumMatches(); i++) {
      matches.add(new int[] {starts[i], ends[i]});
    }
    matches.sort((a, b) -> Integer.compare(a[0], b[0]));
    List<int[]> merged = new ArrayList<>();
    for (int[] match : matches) {
      if (!merged.isEmpty() && match[0] <= merged.getLast()[1]) {
        merged.getLast()[1] = Math.max(merged.getLast()[1], match[1]);
      } else {
        merged.add(match);
      }
    }
    return merged;
  }

  private static int indexOf(CharSequence text, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (text.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  private static int lastIndexOf(CharSequence text, char c, int from, int downTo) {
    for (int i = from; i >= downTo; i--) {
      if (text.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }
}
