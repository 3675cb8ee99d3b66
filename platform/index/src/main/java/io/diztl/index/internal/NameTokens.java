package io.diztl.index.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * The terms, with their position increments, that {@link NameAnalyzer#forIndex()} makes of a text,
 * computed once so that a name feeds both {@link DocumentMapper#NAME} and {@link
 * DocumentMapper#PATH_WORDS}, and a folder's words every file in it. Immutable.
 *
 * <p>ASCII text, nearly every name, takes a direct path producing the same terms as the analyzer's
 * chain: ASCII is its own NFKC form and ASCII folding, so only splitting and lower-casing remain.
 * Any other text goes through the analyzer itself.
 */
final class NameTokens {

  static final NameTokens EMPTY = new NameTokens(new String[0], new int[0]);

  /** The analyzer's tokenizer cuts longer runs of letters and digits into pieces of this size. */
  private static final int MAX_TOKEN_CHARS = 255;

  // Word-delimiter char types, as Lucene's word-delimiter filter has them.
  private static final int LOWER = 1;
  private static final int UPPER = 2;
  private static final int DIGIT = 4;

  private static final NameAnalyzer ANALYZER = NameAnalyzer.forIndex();

  private final String[] terms;
  private final int[] increments;

  private NameTokens(String[] terms, int[] increments) {
    this.terms = terms;
    this.increments = increments;
  }

  /** The index-side tokens of {@code text}. */
  static NameTokens of(String text) {
    NameTokens ascii = ofAscii(text);
    return ascii != null ? ascii : analyzed(text);
  }

  /** The number of tokens. */
  int size() {
    return terms.length;
  }

  /** A fresh stream of {@code first}'s tokens followed by {@code second}'s. */
  static TokenStream stream(NameTokens first, NameTokens second) {
    return new Replay(first, second);
  }

  /** The tokens of ASCII {@code text}, or null when it holds anything else or very long words. */
  private static NameTokens ofAscii(String text) {
    int length = text.length();
    for (int i = 0; i < length; i++) {
      if (text.charAt(i) >= 0x80) {
        return null;
      }
    }
    List<String> terms = new ArrayList<>();
    List<Integer> increments = new ArrayList<>();
    int i = 0;
    while (i < length) {
      while (i < length && type(text.charAt(i)) == 0) {
        i++;
      }
      int start = i;
      while (i < length && type(text.charAt(i)) != 0) {
        i++;
      }
      if (i - start > MAX_TOKEN_CHARS) {
        return null;
      }
      if (i > start) {
        addWord(text, start, i, terms, increments);
      }
    }
    return new NameTokens(
        terms.toArray(String[]::new), increments.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * Adds one run of ASCII letters and digits: the whole word, then, when it has several parts (cut
   * where a lower-case letter meets an upper-case one and where letters meet digits), each part at
   * its own position, the first one sharing the word's.
   */
  private static void addWord(
      String text, int start, int end, List<String> terms, List<Integer> increments) {
    String word = text.substring(start, end).toLowerCase(Locale.ROOT);
    terms.add(word);
    increments.add(1);
    int partStart = start;
    int last = type(text.charAt(start));
    for (int i = start + 1; i <= end; i++) {
      int type = i < end ? type(text.charAt(i)) : 0;
      if (type != 0 && !isBreak(last, type)) {
        last = type;
        continue;
      }
      if (partStart == start && i == end) {
        return; // a single part: the word alone
      }
      terms.add(word.substring(partStart - start, i - start));
      increments.add(partStart == start ? 0 : 1);
      partStart = i;
      last = type;
    }
  }

  /** The word-delimiter type of an ASCII char: 0 for a separator. */
  private static int type(char c) {
    if (c >= 'a' && c <= 'z') {
      return LOWER;
    }
    if (c >= 'A' && c <= 'Z') {
      return UPPER;
    }
    return c >= '0' && c <= '9' ? DIGIT : 0;
  }

  /** Whether a part ends between chars of these types (letters after upper case never do). */
  private static boolean isBreak(int last, int type) {
    return (last & type) == 0 && !(last == UPPER && type == LOWER);
  }

  private static NameTokens analyzed(String text) {
    List<String> terms = new ArrayList<>();
    List<Integer> increments = new ArrayList<>();
    try (TokenStream stream = ANALYZER.tokenStream(DocumentMapper.NAME, text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        terms.add(term.toString());
        increments.add(increment.getPositionIncrement());
      }
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException("analysing text held in memory failed", e);
    }
    return new NameTokens(
        terms.toArray(String[]::new), increments.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * Replays two token lists, one after the other; {@link #of} sets other lists, so that one stream
   * serves many documents written one after the other on a thread.
   */
  static final class Replay extends TokenStream {

    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final PositionIncrementAttribute increment =
        addAttribute(PositionIncrementAttribute.class);
    private NameTokens first;
    private NameTokens second;
    private int next;

    Replay(NameTokens first, NameTokens second) {
      this.first = first;
      this.second = second;
    }

    /** This stream, replaying {@code newFirst}'s tokens then {@code newSecond}'s from now on. */
    Replay of(NameTokens newFirst, NameTokens newSecond) {
      first = newFirst;
      second = newSecond;
      next = 0;
      return this;
    }

    @Override
    public boolean incrementToken() {
      int firstSize = first.size();
      if (next >= firstSize + second.size()) {
        return false;
      }
      clearAttributes();
      NameTokens tokens = next < firstSize ? first : second;
      int i = next < firstSize ? next : next - firstSize;
      term.setEmpty().append(tokens.terms[i]);
      increment.setPositionIncrement(tokens.increments[i]);
      next++;
      return true;
    }

    @Override
    public void reset() throws IOException {
      super.reset();
      next = 0;
    }
  }
}
