package io.diztl.plugins.fuzzy;

import io.diztl.api.search.MatchFields;
import io.diztl.api.search.SearchMatcher;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.Query;
import org.pf4j.Extension;

/**
 * {@code fuzzy:holidy}: files whose name has a word within a small edit distance of each given word
 * (letters inserted, deleted, replaced or swapped): up to 2 edits, 1 for words of at most 4
 * characters. Several words must all match, each in its own name word.
 */
@Extension
public final class FuzzyNameMatcher implements SearchMatcher {

  /** The most words one argument may hold; each expands to many terms. */
  static final int MAX_WORDS = 8;

  /** Words of at most this many characters are allowed only one edit. */
  static final int SHORT_WORD = 4;

  private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");

  @Override
  public String prefix() {
    return "fuzzy";
  }

  @Override
  public String description() {
    return "names with words close to the given ones, forgiving up to 2 typos (1 in words of"
        + " up to 4 letters): fuzzy:holidy finds Holiday_Photo.jpg";
  }

  @Override
  public Query toQuery(String argument, MatchFields fields) {
    Objects.requireNonNull(argument, "argument");
    Objects.requireNonNull(fields, "fields");
    List<String> words = words(argument);
    if (words.isEmpty()) {
      throw new IllegalArgumentException(
          "fuzzy: expects at least one word of letters or digits, found '" + argument + "'");
    }
    if (words.size() > MAX_WORDS) {
      throw new IllegalArgumentException(
          "fuzzy: takes at most " + MAX_WORDS + " words, found " + words.size());
    }
    if (words.size() == 1) {
      return fuzzy(fields.nameWords(), words.getFirst());
    }
    BooleanQuery.Builder all = new BooleanQuery.Builder();
    for (String word : words) {
      all.add(fuzzy(fields.nameWords(), word), BooleanClause.Occur.MUST);
    }
    return all.build();
  }

  /**
   * The words of {@code text} as the index holds name words: split at anything that is not a letter
   * or digit, lower-cased, accents removed.
   */
  static List<String> words(String text) {
    String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    folded = MARKS.matcher(Normalizer.normalize(folded, Normalizer.Form.NFD)).replaceAll("");
    return Arrays.stream(SEPARATORS.split(folded)).filter(w -> !w.isEmpty()).toList();
  }

  /** The number of edits allowed for {@code word}. */
  static int maxEdits(String word) {
    return word.codePointCount(0, word.length()) <= SHORT_WORD ? 1 : 2;
  }

  private static Query fuzzy(String field, String word) {
    return new FuzzyQuery(new Term(field, word), maxEdits(word));
  }
}
