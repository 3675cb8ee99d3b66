package io.diztl.index.internal;

import io.diztl.api.SearchQuery;
import java.util.List;
import java.util.function.Supplier;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.util.automaton.ByteRunAutomaton;

/**
 * What one query may ask for, so that a single query cannot take a node's CPU for seconds: its
 * length, its terms, the words of one term (a phrase), and the matcher terms (plugins such as
 * {@code fuzzy:} or {@code regex:}, which expand to many index terms). A query beyond a bound is
 * refused as {@code invalid query at character N: expected at most ..., found ...}.
 */
final class QueryBounds {

  /** The longest query text, in bytes of UTF-8 (as the tracker counts). */
  static final int MAX_TEXT_BYTES = SearchQuery.MAX_TEXT_BYTES;

  /** The most terms (words, phrases, {@code field:value}) in a query. */
  static final int MAX_TERMS = 64;

  /** The most words in all the query's words and phrases together. */
  static final int MAX_WORDS = 64;

  /** The most words in one phrase or term. */
  static final int MAX_TERM_WORDS = 32;

  /** The most matcher terms ({@code fuzzy:}, {@code regex:} and other plugin prefixes). */
  static final int MAX_MATCHER_TERMS = 8;

  /**
   * The most patterns (fuzzy words, regular expressions, prefixes: each scans the term dictionary)
   * the matcher terms of a query may expand to in all.
   */
  static final int MAX_PATTERNS = 16;

  private QueryBounds() {}

  /** Refuses a text of more than {@link #MAX_TEXT_BYTES} bytes, at the character that passes it. */
  static void checkText(String text) {
    if (text.length() <= MAX_TEXT_BYTES / 3) {
      return; // at most 3 bytes per UTF-16 unit
    }
    int bytes = 0;
    int over = -1;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
      if (bytes > MAX_TEXT_BYTES && over < 0) {
        over = i;
      }
      i += Character.charCount(c);
    }
    if (over >= 0) {
      throw QueryTerm.invalid(
          over,
          "expected a query of at most "
              + MAX_TEXT_BYTES
              + " bytes of UTF-8, found "
              + bytes
              + " bytes");
    }
  }

  /** Refuses more than {@link #MAX_TERMS} terms, at the first one too many. */
  static void checkTerms(List<QueryTerm> terms) {
    if (terms.size() > MAX_TERMS) {
      throw QueryTerm.invalid(
          terms.get(MAX_TERMS).start(),
          "expected at most " + MAX_TERMS + " terms, found " + terms.size());
    }
  }

  /**
   * Refuses a term of more than {@link #MAX_TERM_WORDS} words, or one that brings the query's words
   * past {@link #MAX_WORDS}; returns the query's words so far.
   */
  static int checkWords(QueryTerm term, int words, int before) {
    if (words > MAX_TERM_WORDS) {
      throw QueryTerm.invalid(
          term.valueStart(),
          "expected at most " + MAX_TERM_WORDS + " words in one phrase or term, found " + words);
    }
    int total = before + words;
    if (total > MAX_WORDS) {
      throw QueryTerm.invalid(
          term.valueStart(),
          "expected at most " + MAX_WORDS + " words in all, found " + total + " up to here");
    }
    return total;
  }

  /**
   * Refuses the matcher term that is one more than {@link #MAX_MATCHER_TERMS}, or whose patterns
   * bring the query's past {@link #MAX_PATTERNS}; returns the patterns so far.
   *
   * @param ordinal this matcher term's number in the query, from 1
   */
  static int checkMatcher(QueryTerm term, int ordinal, Query query, int before) {
    if (ordinal > MAX_MATCHER_TERMS) {
      throw QueryTerm.invalid(
          term.start(),
          "expected at most "
              + MAX_MATCHER_TERMS
              + " matcher terms (such as fuzzy: or regex:), found more");
    }
    int total = before + patterns(query);
    if (total > MAX_PATTERNS) {
      throw QueryTerm.invalid(
          term.start(),
          "expected matcher terms expanding to at most "
              + MAX_PATTERNS
              + " patterns in all, found "
              + total
              + " up to here");
    }
    return total;
  }

  /** The automaton-matched leaves (fuzzy, regular expression, prefix, wildcard) of a query. */
  static int patterns(Query query) {
    int[] count = {0};
    query.visit(
        new QueryVisitor() {
          @Override
          public QueryVisitor getSubVisitor(Occur occur, Query parent) {
            return this; // excluded clauses expand too (the default skips them)
          }

          @Override
          public void consumeTermsMatching(
              Query leaf, String field, Supplier<ByteRunAutomaton> automaton) {
            count[0]++;
          }
        });
    return count[0];
  }
}
