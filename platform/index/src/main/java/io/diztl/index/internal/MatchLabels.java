package io.diztl.index.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.TwoPhaseIterator;
import org.apache.lucene.search.Weight;

/**
 * Works out which labelled parts of a query matched each returned hit: one pass per label over the
 * hits in document order, so each label costs one scorer per segment, not one per hit.
 */
final class MatchLabels {

  private MatchLabels() {}

  /** For each hit, in the order given, the labels whose query matches it, in label order. */
  static List<List<String>> of(IndexSearcher searcher, ScoreDoc[] hits, Map<String, Query> labels)
      throws IOException {
    List<List<String>> matched = new ArrayList<>(hits.length);
    for (int i = 0; i < hits.length; i++) {
      matched.add(new ArrayList<>());
    }
    if (hits.length == 0 || labels.isEmpty()) {
      return matched;
    }
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    int[] byDoc =
        IntStream.range(0, hits.length)
            .boxed()
            .sorted(Comparator.comparingInt(i -> hits[i].doc))
            .mapToInt(Integer::intValue)
            .toArray();
    for (Map.Entry<String, Query> label : labels.entrySet()) {
      Weight weight =
          searcher.createWeight(
              searcher.rewrite(label.getValue()), ScoreMode.COMPLETE_NO_SCORES, 1f);
      int leaf = -1;
      DocIdSetIterator approximation = null;
      TwoPhaseIterator twoPhase = null;
      for (int hit : byDoc) {
        int doc = hits[hit].doc;
        int hitLeaf = ReaderUtil.subIndex(doc, leaves);
        if (hitLeaf != leaf) {
          leaf = hitLeaf;
          ScorerSupplier supplier = weight.scorerSupplier(leaves.get(leaf));
          Scorer scorer = supplier == null ? null : supplier.get(Long.MAX_VALUE);
          twoPhase = scorer == null ? null : scorer.twoPhaseIterator();
          approximation =
              scorer == null
                  ? null
                  : twoPhase == null ? scorer.iterator() : twoPhase.approximation();
        }
        if (approximation == null) {
          continue;
        }
        int target = doc - leaves.get(leaf).docBase;
        int current = approximation.docID();
        if (current < target) {
          current = approximation.advance(target);
        }
        if (current == target && (twoPhase == null || twoPhase.matches())) {
          matched.get(hit).add(label.getKey());
        }
      }
    }
    return matched;
  }
}
