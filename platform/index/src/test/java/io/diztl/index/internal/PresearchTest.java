package io.diztl.index.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.diztl.index.internal.Presearch.Verdict;
import java.io.IOException;
import java.util.List;
import org.apache.lucene.analysis.core.WhitespaceAnalyzer;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.RegexpQuery;
import org.apache.lucene.search.TermQuery;
import org.junit.jupiter.api.Test;

/**
 * The presearch of a one-document index: each verdict as expected, and never {@code NO} for a query
 * the search would match.
 */
class PresearchTest {

  private final IndexSearcher searcher =
      searcherOf(
          List.of(
              new TextField("name", "holiday beach photo", Field.Store.NO),
              new StringField("extension", "jpg", Field.Store.NO),
              new LongField("size", 2048, Field.Store.NO)));
  private final Presearch presearch =
      new Presearch(searcher.getIndexReader().leaves().getFirst().reader());

  @Test
  void termsAndPrefixesAreJudgedExactly() throws IOException {
    check(Verdict.YES, term("name", "beach"));
    check(Verdict.NO, term("name", "mountain"));
    check(Verdict.NO, term("missing", "beach"));
    check(Verdict.YES, new PrefixQuery(new Term("name", "hol")));
    check(Verdict.NO, new PrefixQuery(new Term("name", "holy")));
    check(Verdict.YES, new BoostQuery(term("extension", "jpg"), 2f));
  }

  @Test
  void booleanClausesCombine() throws IOException {
    check(Verdict.YES, all(term("name", "beach"), term("extension", "jpg")));
    check(Verdict.NO, all(term("name", "beach"), term("extension", "pdf")));
    check(
        Verdict.NO, bool(Occur.MUST, term("name", "beach"), Occur.MUST_NOT, term("name", "photo")));
    check(
        Verdict.YES, bool(Occur.MUST, term("name", "beach"), Occur.MUST_NOT, term("name", "car")));
    check(
        Verdict.YES, bool(Occur.SHOULD, term("name", "car"), Occur.SHOULD, term("name", "beach")));
    check(Verdict.NO, bool(Occur.SHOULD, term("name", "car"), Occur.SHOULD, term("name", "bus")));
    check(Verdict.NO, bool(Occur.MUST_NOT, term("name", "car"), Occur.MUST_NOT, term("name", "x")));
    check(Verdict.YES, bool(Occur.MUST, term("name", "beach"), Occur.SHOULD, term("name", "car")));
  }

  @Test
  void rangesOnOnePointAreJudgedExactly() throws IOException {
    check(Verdict.YES, LongField.newRangeQuery("size", 1024, 4096));
    check(Verdict.NO, LongField.newRangeQuery("size", 4096, Long.MAX_VALUE));
    check(Verdict.NO, LongField.newRangeQuery("mtime", 0, Long.MAX_VALUE));
    check(
        Verdict.NO,
        bool(
            Occur.MUST,
            term("name", "beach"),
            Occur.FILTER,
            LongField.newRangeQuery("size", 0, 1000)));
  }

  @Test
  void whatItCannotJudgeIsLeftToTheSearch() throws IOException {
    check(Verdict.MAYBE, new PhraseQuery("name", "holiday", "beach"));
    check(Verdict.MAYBE, new PhraseQuery("name", "beach", "holiday"));
    check(Verdict.NO, new PhraseQuery("name", "holiday", "car"));
    check(Verdict.YES, new FuzzyQuery(new Term("name", "holidy")));
    check(Verdict.NO, new FuzzyQuery(new Term("name", "xyzzyq")));
    check(Verdict.YES, new RegexpQuery(new Term("name", "be.ch")));
    check(Verdict.YES, MatchAllDocsQuery.INSTANCE);
    check(Verdict.NO, MatchNoDocsQuery.INSTANCE);
  }

  /** Checks the verdict, and that it agrees with what the search finds. */
  private void check(Verdict expected, Query query) throws IOException {
    Verdict verdict = presearch.check(query);
    assertEquals(expected, verdict, query.toString());
    boolean found = searcher.count(query) > 0;
    if (verdict != Verdict.MAYBE) {
      assertEquals(verdict == Verdict.YES, found, "the search disagrees on " + query);
    }
  }

  private static IndexSearcher searcherOf(List<IndexableField> fields) {
    MemoryIndex memory = new MemoryIndex();
    fields.forEach(field -> memory.addField(field, new WhitespaceAnalyzer()));
    memory.freeze();
    return memory.createSearcher();
  }

  private static Query term(String field, String text) {
    return new TermQuery(new Term(field, text));
  }

  private static Query all(Query a, Query b) {
    return bool(Occur.MUST, a, Occur.MUST, b);
  }

  private static Query bool(Occur first, Query a, Occur second, Query b) {
    return new BooleanQuery.Builder().add(a, first).add(b, second).build();
  }
}
