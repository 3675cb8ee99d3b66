package io.diztl.index.internal;

import io.diztl.api.SearchQuery;
import java.util.List;
import java.util.Optional;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/** Turns a {@link SearchQuery} into a Lucene query. */
public final class QueryFactory {

  /** Extra weight of an exact match of the last word over a prefix match. */
  private static final float EXACT_LAST_WORD_BOOST = 2f;

  private final NameAnalyzer analyzer;

  /** A factory analysing words with {@code analyzer} (the query-side {@link NameAnalyzer}). */
  public QueryFactory(NameAnalyzer analyzer) {
    this.analyzer = analyzer;
  }

  /**
   * The Lucene query for {@code query}: every word must match the name, the last one as a prefix;
   * filters narrow without scoring. Empty when the query has neither words nor filters.
   */
  public Optional<Query> create(SearchQuery query) {
    List<String> words = analyzer.terms(query.text());
    BooleanQuery.Builder builder = new BooleanQuery.Builder();
    boolean filtered = addFilters(query, builder);
    if (words.isEmpty()) {
      if (!filtered) {
        return Optional.empty();
      }
      builder.add(MatchAllDocsQuery.INSTANCE, Occur.MUST);
      return Optional.of(builder.build());
    }
    for (String word : words.subList(0, words.size() - 1)) {
      builder.add(new TermQuery(new Term(DocumentMapper.NAME, word)), Occur.MUST);
    }
    builder.add(lastWord(words.getLast()), Occur.MUST);
    return Optional.of(builder.build());
  }

  private static Query lastWord(String word) {
    Term term = new Term(DocumentMapper.NAME, word);
    return new BooleanQuery.Builder()
        .add(new BoostQuery(new TermQuery(term), EXACT_LAST_WORD_BOOST), Occur.SHOULD)
        .add(new PrefixQuery(term), Occur.SHOULD)
        .build();
  }

  private static boolean addFilters(SearchQuery query, BooleanQuery.Builder builder) {
    boolean filtered = false;
    if (query.type().isPresent()) {
      builder.add(
          new TermQuery(new Term(DocumentMapper.TYPE, query.type().get().name())), Occur.FILTER);
      filtered = true;
    }
    if (query.extension().isPresent()) {
      builder.add(
          new TermQuery(new Term(DocumentMapper.EXTENSION, query.extension().get())), Occur.FILTER);
      filtered = true;
    }
    if (query.minSize() > 0 || query.maxSize() > 0) {
      long max = query.maxSize() > 0 ? query.maxSize() : Long.MAX_VALUE;
      builder.add(LongField.newRangeQuery(DocumentMapper.SIZE, query.minSize(), max), Occur.FILTER);
      filtered = true;
    }
    return filtered;
  }
}
