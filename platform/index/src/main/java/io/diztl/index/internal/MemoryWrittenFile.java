package io.diztl.index.internal;

import io.diztl.api.DiztlException;
import io.diztl.index.IndexedFile;
import io.diztl.index.StandingQuery;
import io.diztl.index.WrittenFile;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.DocValuesType;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.IndexableFieldType;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TopDocs;

/**
 * A written file matched through a Lucene {@link MemoryIndex} of its one document, built as the
 * index builds it, so that standing queries match exactly as searches do. A {@link Presearch} of
 * its terms first rules out the queries it cannot match, so only the others are searched. Not
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
      if (presearch.check(parsed.query()) == Presearch.Verdict.NO) {
        return Optional.empty();
      }
      TopDocs top = memory.search(parsed.query(), 1);
      if (top.scoreDocs.length == 0) {
        return Optional.empty();
      }
      List<String> matched = MatchLabels.of(memory, top.scoreDocs, parsed.labels()).getFirst();
      return Optional.of(DocumentMapper.toIndexedFile(record, top.scoreDocs[0].score, matched));
    } catch (IOException e) {
      throw new DiztlException("cannot match " + record.path() + ": " + e.getMessage(), e);
    }
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
