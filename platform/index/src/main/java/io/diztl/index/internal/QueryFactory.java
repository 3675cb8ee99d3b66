package io.diztl.index.internal;

import io.diztl.api.SearchQuery;
import io.diztl.index.MetadataSource;
import java.util.Optional;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.TermQuery;

/**
 * Turns a {@link SearchQuery} into a Lucene query: its text through the {@link QueryParser}, its
 * separate filters (type, extension, sizes) as clauses that narrow without scoring.
 */
public final class QueryFactory {

  private final NameAnalyzer analyzer;
  private final MetadataSource source;

  /**
   * A factory analysing words with {@code analyzer} (the query-side {@link NameAnalyzer}) and
   * knowing the fields and matchers {@code source} has at each query.
   */
  public QueryFactory(NameAnalyzer analyzer, MetadataSource source) {
    this.analyzer = analyzer;
    this.source = source;
  }

  /**
   * The query for {@code query}; empty when it has neither a positive term nor a filter.
   *
   * @throws io.diztl.api.DiztlException when the text is not a valid query, or a matcher fails
   */
  public Optional<ParsedQuery> create(SearchQuery query) {
    QueryParser.Parsed parsed = parse(query.text());
    BooleanQuery.Builder builder = new BooleanQuery.Builder();
    parsed.clauses().forEach(builder::add);
    boolean filtered = addFilters(query, builder) || parsed.filtering();
    if (!parsed.scoring()) {
      if (!filtered) {
        return Optional.empty();
      }
      builder.add(MatchAllDocsQuery.INSTANCE, Occur.MUST);
    }
    return Optional.of(new ParsedQuery(builder.build(), parsed.labels()));
  }

  /**
   * Parses {@code text} only.
   *
   * @throws io.diztl.api.DiztlException when it is not a valid query, or a matcher fails
   */
  public void validate(String text) {
    parse(text);
  }

  private QueryParser.Parsed parse(String text) {
    return QueryParser.parse(text, analyzer, source.fields(), source.matchers());
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
