package io.diztl.index.internal;

import io.diztl.api.metadata.FieldType;
import io.diztl.api.metadata.Metadata;
import io.diztl.api.ui.Snippet;
import java.io.IOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.uhighlight.Passage;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;

/**
 * Makes the snippets of a page of hits with Lucene's {@link UnifiedHighlighter}: for each text
 * field that matched a hit, up to {@value Snippet#MAX_PER_HIT} passages of its stored value, best
 * first, with the matched words marked ({@link SnippetFormatter}). Offsets come from analysing the
 * stored text again, only for the hits and fields that matched, so the cost is that of reading
 * those values once; names are never snippeted.
 *
 * <p>The stored text is NFKC-normalised first, as {@link NameAnalyzer} does while indexing, so the
 * offsets it gives fit the text they mark.
 */
final class SnippetHighlighter extends UnifiedHighlighter {

  /**
   * Only the best hits of a search get snippets: re-analysing long stored text costs a few
   * milliseconds a hit, and a page of results shows about this many per node.
   */
  static final int MAX_HITS = 25;

  private SnippetHighlighter(IndexSearcher searcher, Analyzer analyzer) {
    super(
        UnifiedHighlighter.builder(searcher, analyzer)
            .withMaxLength(Metadata.MAX_TEXT_LENGTH)
            .withHandleMultiTermQuery(true)
            .withHighlightPhrasesStrictly(true)
            .withMaxNoHighlightPassages(0)
            .withPassageSortComparator(
                Comparator.comparingDouble(Passage::getScore)
                    .reversed()
                    .thenComparingInt(Passage::getStartOffset))
            .withFormatter(new SnippetFormatter()));
  }

  /**
   * For each hit, in the order given, its snippets; a hit gets snippets of the text fields among
   * its {@code matched} labels, each highlighted with that label's query.
   */
  static List<List<Snippet>> of(
      IndexSearcher searcher,
      Analyzer analyzer,
      ScoreDoc[] hits,
      List<List<String>> matched,
      Map<String, Query> labels)
      throws IOException {
    List<List<Snippet>> snippets = new ArrayList<>(hits.length);
    for (int i = 0; i < hits.length; i++) {
      snippets.add(new ArrayList<>());
    }
    Collection<String> indexed = null;
    SnippetHighlighter highlighter = null;
    int page = Math.min(hits.length, MAX_HITS);
    for (Map.Entry<String, Query> label : labels.entrySet()) {
      List<Integer> which = new ArrayList<>();
      for (int i = 0; i < page; i++) {
        if (matched.get(i).contains(label.getKey())) {
          which.add(i);
        }
      }
      if (which.isEmpty()) {
        continue;
      }
      String field = DocumentMapper.metaField(label.getKey(), FieldType.TEXT);
      if (indexed == null) {
        indexed = FieldInfos.getIndexedFields(searcher.getIndexReader());
        highlighter = new SnippetHighlighter(searcher, analyzer);
      }
      if (!indexed.contains(field)) {
        continue; // not a text field: a matcher prefix, name or path
      }
      int[] docs = which.stream().mapToInt(i -> hits[i].doc).toArray();
      Object[] found =
          highlighter
              .highlightFieldsAsObjects(
                  new String[] {field}, label.getValue(), docs, new int[] {Snippet.MAX_PER_HIT})
              .get(field);
      for (int j = 0; j < docs.length; j++) {
        if (found[j] instanceof SnippetFormatter.Passages passages) {
          List<Snippet> forHit = snippets.get(which.get(j));
          passages.snippets(label.getKey()).stream()
              .limit(Snippet.MAX_PER_HIT - forHit.size())
              .forEach(forHit::add);
        }
      }
    }
    return snippets;
  }

  @Override
  protected List<CharSequence[]> loadFieldValues(
      String[] fields, DocIdSetIterator docIter, int cacheCharsThreshold) throws IOException {
    List<CharSequence[]> values = super.loadFieldValues(fields, docIter, cacheCharsThreshold);
    for (CharSequence[] doc : values) {
      for (int i = 0; i < doc.length; i++) {
        if (doc[i] != null) {
          doc[i] = Normalizer.normalize(doc[i], Normalizer.Form.NFKC);
        }
      }
    }
    return values;
  }
}
