package io.diztl.index.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.DocumentStoredFieldVisitor;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * Looks up the records of many paths at once in one searcher's segments: each id through its
 * postings, then the documents in index order, from doc values when they have no metadata (see
 * {@link DocumentMapper.DocValueRecords}), else from their stored fields.
 */
final class RecordLookup {

  private RecordLookup() {}

  /** A live document found by id: its leaf and number there, and its path. */
  private record Hit(int leaf, int doc, String path) {}

  /** Puts the record of each of {@code paths} that has a live document in {@code found}. */
  static void load(
      List<LeafReaderContext> leaves, List<String> paths, Map<String, FileRecord> found)
      throws IOException {
    TermsEnum[] ids = new TermsEnum[leaves.size()];
    for (int i = 0; i < ids.length; i++) {
      Terms terms = leaves.get(i).reader().terms(DocumentMapper.ID);
      ids[i] = terms == null ? null : terms.iterator();
    }
    List<Hit> hits = new ArrayList<>(paths.size());
    PostingsEnum docs = null;
    for (String path : paths) {
      BytesRef id = new BytesRef(DocumentMapper.idOf(path));
      for (int i = 0; i < ids.length; i++) {
        if (ids[i] == null || !ids[i].seekExact(id)) {
          continue;
        }
        docs = ids[i].postings(docs, PostingsEnum.NONE);
        int doc = firstLive(docs, leaves.get(i).reader().getLiveDocs());
        if (doc != DocIdSetIterator.NO_MORE_DOCS) {
          hits.add(new Hit(i, doc, path));
          break;
        }
      }
    }
    hits.sort(Comparator.comparingInt(Hit::leaf).thenComparingInt(Hit::doc));
    DocumentMapper.DocValueRecords values = null;
    StoredFields stored = null;
    int leaf = -1;
    for (Hit hit : hits) {
      if (hit.leaf() != leaf) {
        leaf = hit.leaf();
        values = new DocumentMapper.DocValueRecords(leaves.get(leaf).reader());
        stored = null;
      }
      FileRecord record = values.read(hit.doc(), hit.path());
      if (record == null) {
        if (stored == null) {
          stored = leaves.get(leaf).reader().storedFields();
        }
        DocumentStoredFieldVisitor visitor = DocumentMapper.recordVisitor();
        stored.document(hit.doc(), visitor);
        record = DocumentMapper.toRecord(visitor.getDocument());
      }
      found.put(hit.path(), record);
    }
  }

  private static int firstLive(PostingsEnum docs, Bits live) throws IOException {
    for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
      if (live == null || live.get(doc)) {
        return doc;
      }
    }
    return DocIdSetIterator.NO_MORE_DOCS;
  }
}
