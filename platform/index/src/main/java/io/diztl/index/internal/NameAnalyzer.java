package io.diztl.index.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.FlattenGraphFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.util.CharTokenizer;

/**
 * Analyzes file names: splits on everything that is not a letter or digit, then (when indexing)
 * also on case changes and letter/digit transitions while keeping the whole word, and finally
 * lower-cases and folds to ASCII. Text is NFKC-normalised first, so decomposed accents (as macOS
 * writes them) and full-width characters match their usual forms.
 *
 * <p>{@code HolidayPhoto2019.JPG} is indexed as {@code holidayphoto2019 holiday photo 2019 jpg}.
 */
public final class NameAnalyzer extends Analyzer {

  private static final int WORD_DELIMITER_FLAGS =
      WordDelimiterGraphFilter.GENERATE_WORD_PARTS
          | WordDelimiterGraphFilter.GENERATE_NUMBER_PARTS
          | WordDelimiterGraphFilter.SPLIT_ON_CASE_CHANGE
          | WordDelimiterGraphFilter.SPLIT_ON_NUMERICS
          | WordDelimiterGraphFilter.PRESERVE_ORIGINAL;

  private final boolean splitWords;

  private NameAnalyzer(boolean splitWords) {
    this.splitWords = splitWords;
  }

  /** The analyzer used when names are indexed: splits camelCase and digits too. */
  public static NameAnalyzer forIndex() {
    return new NameAnalyzer(true);
  }

  /** The analyzer used for query words: splits on separators only. */
  public static NameAnalyzer forQuery() {
    return new NameAnalyzer(false);
  }

  /** The terms this analyzer makes of {@code text}, in order. */
  public List<String> terms(String text) {
    List<String> terms = new ArrayList<>();
    try (TokenStream stream = tokenStream(DocumentMapper.NAME, text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        terms.add(term.toString());
      }
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException("analysing text held in memory failed", e);
    }
    return terms;
  }

  @Override
  protected Reader initReader(String fieldName, Reader reader) {
    // Names are short: normalise the whole text at once. Offsets are not indexed.
    StringBuilder text = new StringBuilder();
    char[] chunk = new char[256];
    try {
      for (int read = reader.read(chunk); read >= 0; read = reader.read(chunk)) {
        text.append(chunk, 0, read);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading a name to analyse failed", e);
    }
    return new StringReader(Normalizer.normalize(text, Normalizer.Form.NFKC));
  }

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    Tokenizer tokenizer = CharTokenizer.fromTokenCharPredicate(Character::isLetterOrDigit);
    TokenStream stream = tokenizer;
    if (splitWords) {
      stream = new WordDelimiterGraphFilter(stream, WORD_DELIMITER_FLAGS, null);
      stream = new FlattenGraphFilter(stream);
    }
    stream = new LowerCaseFilter(stream);
    stream = new ASCIIFoldingFilter(stream);
    return new TokenStreamComponents(tokenizer, stream);
  }
}
