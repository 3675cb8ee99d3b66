package io.diztl.index.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.diztl.api.metadata.FieldSpec;
import io.diztl.api.search.MatchFields;
import io.diztl.api.search.SearchMatcher;
import io.diztl.index.InvalidQueryException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The parser's bounds on what one query may cost. */
class QueryBoundsTest {

  private final NameAnalyzer analyzer = NameAnalyzer.forQuery();

  @AfterEach
  void close() {
    analyzer.close();
  }

  private static SearchMatcher matcher(String prefix, BiFunction<String, MatchFields, Query> q) {
    return new SearchMatcher() {
      @Override
      public String prefix() {
        return prefix;
      }

      @Override
      public String description() {
        return prefix;
      }

      @Override
      public Query toQuery(String argument, MatchFields fields) {
        return q.apply(argument, fields);
      }
    };
  }

  /** A matcher like fuzzy: each word of its argument becomes one fuzzy pattern. */
  private static final Map<String, SearchMatcher> MATCHERS =
      Map.of(
          "near",
          matcher(
              "near",
              (argument, fields) -> {
                BooleanQuery.Builder all = new BooleanQuery.Builder();
                for (String word : argument.split("_")) {
                  all.add(new FuzzyQuery(new Term(fields.nameWords(), word), 2), Occur.MUST);
                }
                return all.build();
              }),
          "exact",
          matcher(
              "exact",
              (argument, fields) -> new TermQuery(new Term(fields.nameExact(), argument))));

  private QueryParser.Parsed parse(String text) {
    return QueryParser.parse(text, analyzer, List.of(FieldSpec.text("artist", "artist")), MATCHERS);
  }

  private void assertRefused(String text, String expected) {
    InvalidQueryException e = assertThrows(InvalidQueryException.class, () -> parse(text));
    assertEquals(expected, e.getMessage());
  }

  private static String repeat(String term, int times) {
    return String.join(" ", Collections.nCopies(times, term));
  }

  @Test
  void textOfAtMost4KiBOfUtf8Passes() {
    assertDoesNotThrow(() -> parse("é".repeat(2048)));
    assertRefused(
        "é".repeat(2048) + "x",
        "invalid query at character 2049: expected a query of at most 4096 bytes of UTF-8, found"
            + " 4097 bytes");
    assertRefused(
        "q".repeat(1 << 20),
        "invalid query at character 4097: expected a query of at most 4096 bytes of UTF-8, found"
            + " 1048576 bytes");
  }

  @Test
  void atMost64Terms() {
    assertDoesNotThrow(() -> parse(repeat("ab", 64)));
    assertRefused(
        repeat("ab", 64) + " type:image",
        "invalid query at character 193: expected at most 64 terms, found 65");
  }

  @Test
  void phraseOfAtMost32Words() {
    assertDoesNotThrow(() -> parse("\"" + repeat("ab", 32) + "\""));
    assertRefused(
        "x \"" + repeat("ab", 33) + "\"",
        "invalid query at character 3: expected at most 32 words in one phrase or term, found 33");
    assertRefused(
        "artist:" + "ab-".repeat(33),
        "invalid query at character 8: expected at most 32 words in one phrase or term, found 33");
  }

  @Test
  void atMost64WordsInAll() {
    String phrase = "\"" + repeat("ab", 30) + "\"";
    assertDoesNotThrow(() -> parse(phrase + " " + phrase + " ab cd ef gh"));
    String third = phrase + " " + phrase + " ";
    assertRefused(
        third + phrase,
        "invalid query at character "
            + (third.length() + 1)
            + ": expected at most 64 words in all, found 90 up to here");
  }

  @Test
  void atMost8MatcherTerms() {
    assertDoesNotThrow(() -> parse(repeat("exact:a", 8)));
    assertRefused(
        repeat("exact:a", 8) + " -exact:b",
        "invalid query at character 65: expected at most 8 matcher terms (such as fuzzy: or"
            + " regex:), found more");
  }

  @Test
  void matcherTermsExpandToAtMost16Patterns() {
    assertDoesNotThrow(() -> parse(repeat("near:a_b_c_d", 4)));
    assertRefused(
        repeat("near:a_b_c_d", 4) + " near:e",
        "invalid query at character 53: expected matcher terms expanding to at most 16 patterns in"
            + " all, found 17 up to here");
  }

  @Test
  void patternsAreCountedInNestedAndExcludedClauses() {
    Query query =
        new BooleanQuery.Builder()
            .add(new FuzzyQuery(new Term("f", "abc")), Occur.MUST_NOT)
            .add(
                new BooleanQuery.Builder()
                    .add(new FuzzyQuery(new Term("f", "abd")), Occur.SHOULD)
                    .add(new TermQuery(new Term("f", "x")), Occur.SHOULD)
                    .build(),
                Occur.MUST)
            .build();
    assertEquals(2, QueryBounds.patterns(query));
  }
}
