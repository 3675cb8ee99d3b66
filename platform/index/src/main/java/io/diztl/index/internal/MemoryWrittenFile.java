package io.diztl.index.internal;

import io.diztl.api.DiztlException;
import io.diztl.index.IndexedFile;
import io.diztl.index.StandingQuery;
import io.diztl.index.WrittenFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.DocValuesType;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.IndexableFieldType;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;

/**
 * A written file matched through a Lucene {@link MemoryIndex} of its one document, built as the
 * index builds it, so that standing queries match exactly as searches do. A {@link Presearch} of
 * its terms and points decides most queries (and which labels matched) without a search; only what
 * it cannot judge is searched. A match carries no score: one file has nothing to rank against. Not
 * thread-safe.
 */
final class MemoryWrittenFile implements WrittenFile {

  private final FileRecord record;
  private final Analyzer analyzer;
  private IndexSearcher searcher;
  private Presearch presearch;

  MemoryWrittenFile(FileRecord record, Analyzer analyzer) {
    this.record = record;
    this.analyzer = analyzer;
  }

  @Override
  public IndexedFile file() {
    return DocumentMapper.toIndexedFile(record, 0, List.of());
  }

  @Override
  public Optional<IndexedFile> match(StandingQuery query) {
    ParsedQuery parsed = ((CompiledStandingQuery) query).parsed();
    try {
      IndexSearcher memory = searcher();
      Presearch.Verdict verdict = presearch.check(parsed.query());
      if (verdict == Presearch.Verdict.NO
          || (verdict == Presearch.Verdict.MAYBE && memory.count(parsed.query()) == 0)) {
        return Optional.empty();
      }
      return Optional.of(DocumentMapper.toIndexedFile(record, 0f, labels(memory, parsed)));
    } catch (IOException e) {
      throw new DiztlException("cannot match " + record.path() + ": " + e.getMessage(), e);
    }
  }

  /** The labels that matched, told by the presearch where it can, by the searcher otherwise. */
  private List<String> labels(IndexSearcher memory, ParsedQuery parsed) throws IOException {
    Map<String, Query> undecided = new LinkedHashMap<>();
    Set<String> yes = new HashSet<>();
    for (Map.Entry<String, Query> label : parsed.labels().entrySet()) {
      switch (presearch.check(label.getValue())) {
        case YES -> yes.add(label.getKey());
        case NO -> {}
        case MAYBE -> undecided.put(label.getKey(), label.getValue());
      }
    }
    List<String> searched =
        undecided.isEmpty()
            ? List.of()
            : MatchLabels.of(memory, new ScoreDoc[] {new ScoreDoc(0, 0f)}, undecided).getFirst();
    List<String> matched = new ArrayList<>();
    for (String label : parsed.labels().keySet()) {
      if (yes.contains(label) || searched.contains(label)) {
        matched.add(label);
      }
    }
    return matched;
  }

  private IndexSearcher searcher() {
    if (searcher == null) {
      MemoryIndex memory = new MemoryIndex();
      for (IndexableField field : DocumentMapper.toDocument(record)) {
        if (searchable(field.fieldType())) {
          memory.addField(field, analyzer);
        }
      }
      memory.freeze();
      searcher = memory.createSearcher();
      presearch = new Presearch(searcher.getIndexReader().leaves().getFirst().reader());
    }
    return searcher;
  }

  /** Whether a query can see the field: stored-only values are left out. */
  private static boolean searchable(IndexableFieldType type) {
    return type.indexOptions() != IndexOptions.NONE
        || type.docValuesType() != DocValuesType.NONE
        || type.pointDimensionCount() > 0;
  }
}
