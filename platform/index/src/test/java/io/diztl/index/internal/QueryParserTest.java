package io.diztl.index.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.DiztlException;
import io.diztl.api.metadata.FieldSpec;
import io.diztl.api.search.MatchFields;
import io.diztl.api.search.SearchMatcher;
import io.diztl.index.InvalidQueryException;
import io.diztl.index.internal.QueryTerm.Operator;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryParserTest {

  private static final List<FieldSpec> FIELDS =
      List.of(
          FieldSpec.text("artist", "artist"),
          FieldSpec.keyword("genre", "genre"),
          FieldSpec.number("pages", "pages"),
          FieldSpec.date("taken", "taken"));

  private final NameAnalyzer analyzer = NameAnalyzer.forQuery();

  @AfterEach
  void close() {
    analyzer.close();
  }

  private QueryParser.Parsed parse(String text) {
    return parse(text, Map.of());
  }

  private QueryParser.Parsed parse(String text, Map<String, SearchMatcher> matchers) {
    return QueryParser.parse(text, analyzer, FIELDS, matchers);
  }

  private static SearchMatcher matcher(
      String prefix, BiFunction<String, MatchFields, Query> query) {
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
        return query.apply(argument, fields);
      }
    };
  }

  @Test
  void tokenizesEveryConstruct() {
    List<QueryTerm> terms =
        QueryTokenizer.tokenize(
            " holi -\"two words\" Artist:\"miles \\\"d\\\" davis\" size>=10M pages<5"
                + " year:1990..1999 -type:video 12:30 - x\"y z\"");
    assertEquals(
        List.of(
            new QueryTerm(1, false, "", Operator.NONE, -1, "holi", false, 1),
            new QueryTerm(6, true, "", Operator.NONE, -1, "two words", true, 7),
            new QueryTerm(19, false, "artist", Operator.EQUALS, 25, "miles \"d\" davis", true, 26),
            new QueryTerm(46, false, "size", Operator.GREATER_OR_EQUAL, 50, "10M", false, 52),
            new QueryTerm(56, false, "pages", Operator.LESS, 61, "5", false, 62),
            new QueryTerm(64, false, "year", Operator.EQUALS, 68, "1990..1999", false, 69),
            new QueryTerm(80, true, "type", Operator.EQUALS, 85, "video", false, 86),
            new QueryTerm(92, false, "", Operator.NONE, -1, "12:30", false, 92),
            new QueryTerm(98, false, "", Operator.NONE, -1, "-", false, 98),
            new QueryTerm(100, false, "", Operator.NONE, -1, "x", false, 100),
            new QueryTerm(101, false, "", Operator.NONE, -1, "y z", true, 101)),
        terms);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "artist:\"miles davis | 8 | expected a closing '\"' for the phrase opened here, found the"
            + " end of the query",
        "holiday size> | 14 | expected a value after 'size>', found the end of the query",
        "artist: davis | 8 | expected a value after 'artist:', found a space",
        "artist:\"  \" | 8 | expected a value inside the quotes after 'artist:', found an empty"
            + " phrase",
        "x size>10Q | 8 | expected a size such as 700, 64K, 1.5M or 2G after 'size>', found '10Q'",
        "pages>abc | 7 | expected a number such as 100 or 2.5 after 'pages>', found 'abc'",
        "taken:2019-13-01 | 7 | expected a date written YYYY-MM-DD, YYYY-MM or YYYY after"
            + " 'taken:', found '2019-13-01'",
        "modified<=yesterday | 11 | expected a date written YYYY-MM-DD, YYYY-MM or YYYY after"
            + " 'modified<=', found 'yesterday'",
        "pages:9..2 | 7 | expected a range from low to high, found '9..2'",
        "pages:.. | 7 | expected a range such as 10..20, 10.. or ..20, found '..'",
        "artist>5 | 7 | expected ':' after the text field 'artist' (only number and date fields,"
            + " size and modified compare with >), found '>'",
        "-genre>=x | 7 | expected ':' after the keyword field 'genre' (only number and date"
            + " fields, size and modified compare with >=), found '>='",
        "type:foo | 6 | expected a file type (video, image, audio, document, compressed,"
            + " executable, other), found 'foo'",
        "ext:. | 5 | expected an extension such as pdf, found '.'",
        "artist:... | 8 | expected a word after 'artist:', found '...'",
      })
  void errorsSayWhereAndWhat(String query, int character, String detail) {
    InvalidQueryException e = assertThrows(InvalidQueryException.class, () -> parse(query));
    assertEquals("invalid query at character " + character + ": " + detail, e.getMessage());
  }

  @Test
  void unknownFieldsMatchNothingAndNegatedOnesNothingIsExcluded() {
    QueryParser.Parsed parsed = parse("holiday mood:calm rating>4");
    assertEquals(3, parsed.clauses().size());
    assertInstanceOf(MatchNoDocsQuery.class, parsed.clauses().get(1).query());
    assertInstanceOf(MatchNoDocsQuery.class, parsed.clauses().get(2).query());
    assertEquals(1, parse("holiday -mood:calm").clauses().size());
  }

  @Test
  void comparisonsOnUnknownFieldsStillNeedANumberSizeOrDate() {
    for (String fine : List.of("rating>4", "bitrate<=128.5", "recorded>=2019-07", "cache<2G")) {
      assertInstanceOf(MatchNoDocsQuery.class, parse(fine).clauses().get(0).query(), fine);
    }
    InvalidQueryException e = assertThrows(InvalidQueryException.class, () -> parse("rating>>3"));
    assertEquals(
        "invalid query at character 8: expected a number such as 100 or 2.5 after 'rating>', found"
            + " '>3'",
        e.getMessage());
  }

  @Test
  void plainWordsScoreAndFiltersDoNot() {
    QueryParser.Parsed words = parse("holiday");
    assertTrue(words.scoring());
    assertFalse(words.filtering());
    assertEquals(List.of("name", "artist"), List.copyOf(words.labels().keySet()));

    QueryParser.Parsed filters = parse("type:image genre:Jazz pages>3 taken:2019 size<1K");
    assertFalse(filters.scoring());
    assertTrue(filters.filtering());
    assertTrue(filters.clauses().stream().allMatch(clause -> clause.occur() == Occur.FILTER));
    assertEquals(List.of("genre", "pages", "taken"), List.copyOf(filters.labels().keySet()));
    assertEquals(
        new TermQuery(new Term(DocumentMapper.metaField("genre", FIELDS.get(1).type()), "jazz")),
        filters.clauses().get(1).query());

    QueryParser.Parsed negations = parse("-holiday -type:video");
    assertFalse(negations.scoring() || negations.filtering());
    assertTrue(negations.clauses().stream().allMatch(clause -> clause.occur() == Occur.MUST_NOT));
    assertTrue(negations.labels().isEmpty());
  }

  @Test
  void matchersBuildOnTheMatchFieldsAndTheirErrorsAreReported() {
    Map<String, SearchMatcher> matchers =
        Map.of(
            "exact",
            matcher(
                "exact",
                (argument, fields) -> new TermQuery(new Term(fields.nameExact(), argument))),
            "picky",
            matcher(
                "picky",
                (argument, fields) -> {
                  throw new IllegalArgumentException("unbalanced '(' in " + argument);
                }),
            "broken",
            matcher(
                "broken",
                (argument, fields) -> {
                  throw new IllegalStateException("boom");
                }),
            "artist",
            matcher("artist", (argument, fields) -> new MatchNoDocsQuery("none")));

    QueryParser.Parsed parsed = parse("exact:\"a b.txt\" artist:miles", matchers);
    assertEquals(
        new TermQuery(new Term(DocumentMapper.NAME_EXACT, "a b.txt")),
        parsed.clauses().getFirst().query());
    assertEquals(List.of("exact", "artist"), List.copyOf(parsed.labels().keySet()));
    assertEquals(
        new TermQuery(
            new Term(DocumentMapper.metaField("artist", FIELDS.getFirst().type()), "miles")),
        parsed.clauses().get(1).query(),
        "metadata fields win over matcher prefixes");

    DiztlException invalid =
        assertThrows(DiztlException.class, () -> parse("x picky:(a", matchers));
    assertEquals("invalid query at character 9: unbalanced '(' in (a", invalid.getMessage());
    assertInstanceOf(InvalidQueryException.class, invalid);
    DiztlException failed = assertThrows(DiztlException.class, () -> parse("broken:x", matchers));
    assertTrue(
        failed.getMessage().startsWith("search matcher 'broken' failed: ")
            && failed.getMessage().contains("boom"),
        failed.getMessage());
    assertFalse(failed instanceof InvalidQueryException, "a plugin failure, not the user's");
    DiztlException comparison =
        assertThrows(DiztlException.class, () -> parse("exact>x", matchers));
    assertTrue(
        comparison.getMessage().startsWith("invalid query at character 6"),
        comparison.getMessage());
  }

  @Test
  void readsSizesDatesAndRanges() {
    QueryTerm size = QueryTokenizer.tokenize("size:1.5k..2MiB").getFirst();
    assertEquals(
        new QueryValues.Range(1536, 2 << 20), QueryValues.range(size, QueryValues.Kind.SIZE));
    QueryTerm bigger = QueryTokenizer.tokenize("size>1G").getFirst();
    assertEquals(
        new QueryValues.Range((1L << 30) + 1, Double.POSITIVE_INFINITY),
        QueryValues.range(bigger, QueryValues.Kind.SIZE));
    QueryTerm month = QueryTokenizer.tokenize("taken:2019-07").getFirst();
    assertEquals(
        new QueryValues.Range(1_561_939_200_000L, 1_564_617_600_000L - 1),
        QueryValues.range(month, QueryValues.Kind.DATE));
    QueryTerm before = QueryTokenizer.tokenize("taken<2020").getFirst();
    assertEquals(
        new QueryValues.Range(Double.NEGATIVE_INFINITY, 1_577_836_800_000L - 1),
        QueryValues.range(before, QueryValues.Kind.DATE));
    QueryTerm open = QueryTokenizer.tokenize("pages:..2.5").getFirst();
    assertEquals(
        new QueryValues.Range(Double.NEGATIVE_INFINITY, 2.5),
        QueryValues.range(open, QueryValues.Kind.NUMBER));
    QueryTerm above = QueryTokenizer.tokenize("pages>2.5").getFirst();
    assertEquals(Math.nextUp(2.5), QueryValues.range(above, QueryValues.Kind.NUMBER).low());
  }
}
