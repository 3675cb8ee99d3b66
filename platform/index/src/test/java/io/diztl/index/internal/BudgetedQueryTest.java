package io.diztl.index.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TotalHitCountCollectorManager;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The budget stops a search while it runs, and changes nothing while it lasts. */
class BudgetedQueryTest {

  private static final int DOCS = 10 * BudgetedQuery.WINDOW;

  private final Directory directory = new ByteBuffersDirectory();
  private DirectoryReader reader;
  private IndexSearcher searcher;

  @BeforeEach
  void index() throws IOException {
    try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
      for (int i = 0; i < DOCS; i++) {
        Document doc = new Document();
        doc.add(new StringField("f", "word" + (i % 7), Field.Store.NO));
        writer.addDocument(doc);
      }
      writer.forceMerge(1);
    }
    reader = DirectoryReader.open(directory);
    searcher = new IndexSearcher(reader);
    searcher.setQueryCache(null);
  }

  @AfterEach
  void close() throws IOException {
    reader.close();
    directory.close();
  }

  private int count(Query query) throws IOException {
    return searcher.search(query, new TotalHitCountCollectorManager(searcher.getSlices()));
  }

  @Test
  void matchesWhatItWrapsWhileTheBudgetLasts() throws IOException {
    SearchBudget budget = new SearchBudget(Duration.ofMinutes(1), () -> false);
    Query prefix = new PrefixQuery(new Term("f", "word"));
    Query term = new TermQuery(new Term("f", "word3"));

    assertEquals(DOCS, count(new BudgetedQuery(prefix, budget)));
    assertEquals(count(term), count(new BudgetedQuery(term, budget)));
    assertEquals(
        searcher.search(term, 5).scoreDocs.length,
        searcher.search(new BudgetedQuery(term, budget), 5).scoreDocs.length);
  }

  @Test
  void cancellingStopsTheSearchBetweenWindows() {
    AtomicInteger checks = new AtomicInteger();
    // Cancelled from the fifth check on: after rewrite, weight and scorer, within the documents.
    SearchBudget budget =
        new SearchBudget(Duration.ofMinutes(1), () -> checks.incrementAndGet() > 4);

    assertThrows(
        SearchBudget.Stopped.class,
        () -> count(new BudgetedQuery(new PrefixQuery(new Term("f", "word")), budget)));

    assertTrue(checks.get() < 10, "stopped before the last window: " + checks.get() + " checks");
    assertEquals("the search was cancelled by its caller", budget.failure().getMessage());
  }

  @Test
  void spentTimeStopsTheSearchAtOnce() {
    SearchBudget budget = new SearchBudget(Duration.ZERO, () -> false);

    assertThrows(
        SearchBudget.Stopped.class,
        () -> count(new BudgetedQuery(new TermQuery(new Term("f", "word1")), budget)));
    assertEquals(
        "the search ran out of its time limit of 0 ms; narrow the query",
        budget.failure().getMessage());
  }
}
