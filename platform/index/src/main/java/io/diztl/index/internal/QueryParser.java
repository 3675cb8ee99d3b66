package io.diztl.index.internal;

import io.diztl.api.DiztlException;
import io.diztl.api.FileType;
import io.diztl.api.metadata.FieldSpec;
import io.diztl.api.metadata.FieldType;
import io.diztl.api.search.SearchMatcher;
import io.diztl.index.internal.QueryTerm.Operator;
import io.diztl.index.internal.QueryValues.Kind;
import io.diztl.index.internal.QueryValues.Range;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * Parses diztl's query language into Lucene clauses. Terms are separated by spaces; every term must
 * match (AND).
 *
 * <ul>
 *   <li>{@code word}: a word of the file name or of any text metadata field (a document's content,
 *       a song's title...); name matches rank higher. The last plain word also matches as a prefix.
 *       {@code "two words"} is a phrase.
 *   <li>{@code field:value} for a metadata field: text fields hold the words ({@code artist:"miles
 *       davis"}), keyword fields are equal ignoring case ({@code genre:jazz}), number fields equal,
 *       date fields on that day, month or year ({@code taken:2019-07}).
 *   <li>Comparisons on number and date fields and on {@code size} and {@code modified}: {@code
 *       pages>100}, {@code duration<=300}, {@code size>=1.5G}, {@code modified<2024}, ranges {@code
 *       year:1990..1999}, {@code size:10M..} or {@code taken:..2020-06}. Sizes take K, M, G, T
 *       (1024-based); dates are written YYYY-MM-DD, YYYY-MM or YYYY and read in UTC.
 *   <li>Built-ins: {@code type:image} (video, image, audio, document, compressed, executable,
 *       other), {@code ext:pdf}, {@code name:word}, {@code path:folder}, {@code sha256:<hex>} or
 *       {@code hash:<hex>} (the content identity of {@link io.diztl.index.PieceHashes}).
 *   <li>{@code prefix:argument} for a search matcher of a plugin: {@code fuzzy:holidy}, {@code
 *       regex:"img_\d+"}. Metadata fields and built-ins win over matcher prefixes.
 *   <li>{@code -term} excludes files matching the term: {@code holiday -type:video}.
 *   <li>A field this node does not know (no extractor declares it, no matcher has the prefix)
 *       matches nothing, so the query finds nothing here; excluding it changes nothing.
 *   <li>Inside quotes, {@code \"} is a quote; field names are case-insensitive.
 * </ul>
 *
 * <p>A query with neither a positive term nor a filter finds nothing. Errors say where: {@code
 * invalid query at character N: expected ..., found ...} (N counts from 1). A query beyond the
 * {@link QueryBounds} (length, terms, words, matcher terms) is refused the same way.
 */
public final class QueryParser {

  /** Extra weight of name matches over metadata matches of plain words. */
  static final float NAME_BOOST = 4f;

  /** Extra weight of an exact match of the last word over a prefix match. */
  static final float EXACT_LAST_WORD_BOOST = 2f;

  /** Labels of hits matched by the built-ins with words. */
  static final String NAME_LABEL = "name";

  static final String PATH_LABEL = "path";

  /**
   * The clauses of a parsed query.
   *
   * @param clauses the clauses, to be combined in one boolean query
   * @param labels the query of each label (see {@link ParsedQuery#labels()})
   * @param scoring whether a clause must match and scores (words, phrases, matchers)
   * @param filtering whether a clause must match without scoring (type, size, keywords...)
   */
  record Parsed(
      List<BooleanClause> clauses, Map<String, Query> labels, boolean scoring, boolean filtering) {}

  private final NameAnalyzer analyzer;
  private final Map<String, FieldType> fields = new HashMap<>();
  private final List<String> textFields = new ArrayList<>();
  private final Map<String, SearchMatcher> matchers;
  private final List<BooleanClause> clauses = new ArrayList<>();
  private final Map<String, List<Query>> labels = new LinkedHashMap<>();
  private boolean scoring;
  private boolean filtering;
  private int words;
  private int matcherTerms;
  private int patterns;

  private QueryParser(
      NameAnalyzer analyzer, List<FieldSpec> fieldSpecs, Map<String, SearchMatcher> matchers) {
    this.analyzer = analyzer;
    this.matchers = matchers;
    for (FieldSpec spec : fieldSpecs) {
      if (fields.putIfAbsent(spec.name(), spec.type()) == null && spec.type() == FieldType.TEXT) {
        textFields.add(spec.name());
      }
    }
  }

  /**
   * Parses {@code text} with the metadata fields and matchers active now.
   *
   * @param analyzer the query-side {@link NameAnalyzer}
   * @throws DiztlException when the text is not valid, or a matcher fails
   */
  static Parsed parse(
      String text,
      NameAnalyzer analyzer,
      List<FieldSpec> fields,
      Map<String, SearchMatcher> matchers) {
    QueryBounds.checkText(text);
    List<QueryTerm> terms = QueryTokenizer.tokenize(text);
    QueryBounds.checkTerms(terms);
    return new QueryParser(analyzer, fields, matchers).parse(terms);
  }

  private Parsed parse(List<QueryTerm> terms) {
    int lastWord = -1;
    for (int i = 0; i < terms.size(); i++) {
      QueryTerm term = terms.get(i);
      if (term.isPlain() && !term.quoted() && !term.negated()) {
        lastWord = i;
      }
    }
    for (int i = 0; i < terms.size(); i++) {
      QueryTerm term = terms.get(i);
      if (term.isPlain()) {
        plain(term, i == lastWord);
      } else {
        field(term);
      }
    }
    Map<String, Query> combined = new LinkedHashMap<>();
    labels.forEach((label, queries) -> combined.put(label, anyOf(queries)));
    return new Parsed(List.copyOf(clauses), combined, scoring, filtering);
  }

  private void plain(QueryTerm term, boolean lastWord) {
    List<String> words = analyzer.terms(term.value());
    if (words.isEmpty()) {
      return;
    }
    this.words = QueryBounds.checkWords(term, words.size(), this.words);
    if (term.quoted()) {
      Query name = phrase(DocumentMapper.NAME, words);
      List<Query> metadata = new ArrayList<>();
      for (String field : textFields) {
        metadata.add(phrase(DocumentMapper.metaField(field, FieldType.TEXT), words));
      }
      addWord(term, name, metadata);
      return;
    }
    if (term.negated()) {
      BooleanQuery.Builder all = new BooleanQuery.Builder();
      for (String word : words) {
        all.add(
            orFields(word(DocumentMapper.NAME, word, false), inTextFields(word, false)),
            Occur.MUST);
      }
      clauses.add(new BooleanClause(all.build(), Occur.MUST_NOT));
      return;
    }
    for (int i = 0; i < words.size(); i++) {
      boolean prefix = lastWord && i == words.size() - 1;
      addWord(
          term,
          word(DocumentMapper.NAME, words.get(i), prefix),
          inTextFields(words.get(i), prefix));
    }
  }

  /** The query of {@code word} in each text field, in {@link #textFields} order. */
  private List<Query> inTextFields(String word, boolean prefix) {
    List<Query> queries = new ArrayList<>();
    for (String field : textFields) {
      queries.add(word(DocumentMapper.metaField(field, FieldType.TEXT), word, prefix));
    }
    return queries;
  }

  /** Adds a word or phrase that may match the name or any text field. */
  private void addWord(QueryTerm term, Query name, List<Query> metadata) {
    if (term.negated()) {
      clauses.add(new BooleanClause(orFields(name, metadata), Occur.MUST_NOT));
      return;
    }
    clauses.add(new BooleanClause(orFields(name, metadata), Occur.MUST));
    scoring = true;
    label(NAME_LABEL, name);
    for (int i = 0; i < metadata.size(); i++) {
      label(textFields.get(i), metadata.get(i));
    }
  }

  private static Query orFields(Query name, List<Query> metadata) {
    if (metadata.isEmpty()) {
      return name;
    }
    BooleanQuery.Builder any = new BooleanQuery.Builder();
    any.add(new BoostQuery(name, NAME_BOOST), Occur.SHOULD);
    metadata.forEach(query -> any.add(query, Occur.SHOULD));
    return any.build();
  }

  private void field(QueryTerm term) {
    switch (term.field()) {
      case "name" -> words(term, DocumentMapper.NAME, NAME_LABEL);
      case "path" -> words(term, DocumentMapper.PATH_WORDS, PATH_LABEL);
      case "type" -> {
        requireEquals(term, "the built-in 'type'");
        FileType type;
        try {
          type = FileType.parse(term.value());
        } catch (DiztlException e) {
          throw term.badValue("a file type (" + FileType.names() + ")");
        }
        filter(term, new TermQuery(new Term(DocumentMapper.TYPE, type.name())), null);
      }
      case "ext" -> {
        requireEquals(term, "the built-in 'ext'");
        String extension = term.value().strip().toLowerCase(Locale.ROOT);
        extension = extension.startsWith(".") ? extension.substring(1) : extension;
        if (extension.isEmpty()) {
          throw term.badValue("an extension such as pdf");
        }
        filter(term, new TermQuery(new Term(DocumentMapper.EXTENSION, extension)), null);
      }
      case "sha256", "hash" -> {
        requireEquals(term, "the built-in '" + term.field() + "'");
        String sha = term.value().strip().toLowerCase(Locale.ROOT);
        filter(term, new TermQuery(new Term(DocumentMapper.SHA256, sha)), null);
      }
      case "size" -> {
        Range range = QueryValues.range(term, Kind.SIZE);
        filter(
            term,
            LongField.newRangeQuery(
                DocumentMapper.SIZE, QueryValues.lowAsLong(range), QueryValues.highAsLong(range)),
            null);
      }
      case "modified" -> {
        Range range = QueryValues.range(term, Kind.DATE);
        filter(
            term,
            LongField.newRangeQuery(
                DocumentMapper.MTIME, QueryValues.lowAsLong(range), QueryValues.highAsLong(range)),
            null);
      }
      default -> {
        FieldType type = fields.get(term.field());
        SearchMatcher matcher = matchers.get(term.field());
        if (type != null) {
          metadata(term, type);
        } else if (matcher != null) {
          matcher(term, matcher);
        } else {
          unknown(term);
        }
      }
    }
  }

  /** A term on a field or matcher this node does not know: it matches nothing here. */
  private void unknown(QueryTerm term) {
    if (term.operator() != Operator.EQUALS) {
      QueryValues.checkComparable(term);
    }
    if (!term.negated()) {
      Query nothing = new MatchNoDocsQuery("no field or matcher " + term.field() + " here");
      clauses.add(new BooleanClause(nothing, Occur.MUST));
      scoring = true;
    }
  }

  private void metadata(QueryTerm term, FieldType type) {
    String name = term.field();
    String field = DocumentMapper.metaField(name, type);
    switch (type) {
      case TEXT -> words(term, field, name);
      case KEYWORD -> {
        requireEquals(term, "the keyword field " + QueryTerm.quote(name));
        String keyword = DocumentMapper.keywordTerm(term.value().strip());
        filter(term, new TermQuery(new Term(field, keyword)), name);
      }
      case NUMBER -> {
        Range range = QueryValues.range(term, Kind.NUMBER);
        filter(term, DoublePoint.newRangeQuery(field, range.low(), range.high()), name);
      }
      case DATE -> {
        Range range = QueryValues.range(term, Kind.DATE);
        filter(
            term,
            LongPoint.newRangeQuery(
                field, QueryValues.lowAsLong(range), QueryValues.highAsLong(range)),
            name);
      }
    }
  }

  private void matcher(QueryTerm term, SearchMatcher matcher) {
    requireEquals(term, "the matcher " + QueryTerm.quote(term.field()));
    Query query;
    try {
      query = matcher.toQuery(term.value(), IndexMatchFields.INSTANCE);
    } catch (IllegalArgumentException e) {
      throw QueryTerm.invalid(term.valueStart(), String.valueOf(e.getMessage()));
    } catch (RuntimeException e) {
      throw new DiztlException("search matcher '" + term.field() + "' failed: " + e, e);
    }
    if (query == null) {
      throw new DiztlException(
          "search matcher '"
              + term.field()
              + "' failed: it returned no query for "
              + QueryTerm.quote(term.value()));
    }
    patterns = QueryBounds.checkMatcher(term, ++matcherTerms, query, patterns);
    if (term.negated()) {
      clauses.add(new BooleanClause(query, Occur.MUST_NOT));
      return;
    }
    clauses.add(new BooleanClause(query, Occur.MUST));
    scoring = true;
    label(term.field(), query);
  }

  /** A text field's words ({@code field:word}, all must match) or phrase. */
  private void words(QueryTerm term, String field, String label) {
    requireEquals(term, "the text field " + QueryTerm.quote(term.field()));
    List<String> words = analyzer.terms(term.value());
    if (words.isEmpty()) {
      throw term.badValue("a word after " + QueryTerm.quote(term.prefix()));
    }
    this.words = QueryBounds.checkWords(term, words.size(), this.words);
    Query query;
    if (term.quoted()) {
      query = phrase(field, words);
    } else if (words.size() == 1) {
      query = new TermQuery(new Term(field, words.getFirst()));
    } else {
      BooleanQuery.Builder all = new BooleanQuery.Builder();
      words.forEach(word -> all.add(new TermQuery(new Term(field, word)), Occur.MUST));
      query = all.build();
    }
    if (term.negated()) {
      clauses.add(new BooleanClause(query, Occur.MUST_NOT));
      return;
    }
    clauses.add(new BooleanClause(query, Occur.MUST));
    scoring = true;
    label(label, query);
  }

  /** A clause that must match without scoring; labelled when {@code label} is not null. */
  private void filter(QueryTerm term, Query query, String label) {
    if (term.negated()) {
      clauses.add(new BooleanClause(query, Occur.MUST_NOT));
      return;
    }
    clauses.add(new BooleanClause(query, Occur.FILTER));
    filtering = true;
    if (label != null) {
      label(label, query);
    }
  }

  private static void requireEquals(QueryTerm term, String what) {
    if (term.operator() != Operator.EQUALS) {
      throw QueryTerm.invalid(
          term.operatorStart(),
          "expected ':' after "
              + what
              + " (only number and date fields, size and modified compare with "
              + term.operator().symbol()
              + "), found "
              + QueryTerm.quote(term.operator().symbol()));
    }
  }

  private void label(String label, Query query) {
    labels.computeIfAbsent(label, key -> new ArrayList<>()).add(query);
  }

  private static Query word(String field, String word, boolean prefix) {
    Term term = new Term(field, word);
    if (!prefix) {
      return new TermQuery(term);
    }
    return new BooleanQuery.Builder()
        .add(new BoostQuery(new TermQuery(term), EXACT_LAST_WORD_BOOST), Occur.SHOULD)
        .add(new PrefixQuery(term), Occur.SHOULD)
        .build();
  }

  private static Query phrase(String field, List<String> words) {
    return words.size() == 1
        ? new TermQuery(new Term(field, words.getFirst()))
        : new PhraseQuery(field, words.toArray(String[]::new));
  }

  private static Query anyOf(List<Query> queries) {
    if (queries.size() == 1) {
      return queries.getFirst();
    }
    BooleanQuery.Builder any = new BooleanQuery.Builder();
    queries.forEach(query -> any.add(query, Occur.SHOULD));
    return any.build();
  }
}
