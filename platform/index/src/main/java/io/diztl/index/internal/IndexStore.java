package io.diztl.index.internal;

import io.diztl.api.DiztlException;
import io.diztl.api.ui.Snippet;
import io.diztl.index.FolderPage;
import io.diztl.index.IndexStats;
import io.diztl.index.IndexedFile;
import io.diztl.index.RoutingTerms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DocumentStoredFieldVisitor;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedSetSelector;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lucene side of the index: one writer, a near-real-time searcher refreshed in the background
 * within {@value #REFRESH_MILLIS} ms of a change that a search should see soon (and at least every
 * {@value #BULK_REFRESH_MILLIS} ms otherwise), and a commit every {@value #COMMIT_MILLIS} ms when
 * there are changes. Thread-safe.
 *
 * <p>Records written with {@link #upsert} are remembered until a refresh makes them searchable, so
 * that {@link #findByPath} reads its own writes: the hasher and the extractor each rewrite a
 * document from the stored one, and must not lose what the other wrote a moment before.
 */
final class IndexStore implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IndexStore.class);

  static final long REFRESH_MILLIS = 50;

  /**
   * How often a bulk write and the background writes of hashes and metadata are made searchable:
   * each refresh flushes a segment, and a stream of tiny ones would keep the merges busy.
   */
  static final long BULK_REFRESH_MILLIS = 1_000;

  static final long COMMIT_MILLIS = 3_000;
  private static final long CLOSE_WAIT_SECONDS = 5;
  private static final int DELETE_BATCH = 1_024;

  /** Segments per tier while merges are deferred: enough that a bulk load merges next to never. */
  private static final double DEFERRED_SEGMENTS_PER_TIER = 50;

  /** The share of deleted documents a segment keeps while merges are deferred (the most). */
  private static final double DEFERRED_DELETES_PCT = 50;

  /** Best score first; among equal scores the shorter name, then the path. */
  private static final Sort RANKING =
      new Sort(
          SortField.FIELD_SCORE,
          new SortField(DocumentMapper.NAME_LENGTH, SortField.Type.LONG),
          KeywordField.newSortField(DocumentMapper.PATH, false, SortedSetSelector.Type.MIN));

  private final Path location;
  private final Analyzer analyzer;
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final ScheduledExecutorService maintenance;
  private final AtomicInteger bulkWrites = new AtomicInteger();
  private final TieredMergePolicy merges;
  private final double segmentsPerTier;
  private final double deletesPct;
  private int mergeDeferrals; // guarded by merges

  /** Paths written other than by {@link #addBulk} while a bulk write runs. */
  private final Map<String, Boolean> writtenDuringBulk = new ConcurrentHashMap<>();

  private final RecentWrites recent = new RecentWrites();
  private volatile long lastRefreshNanos = System.nanoTime();

  /** Whether a write waits that should be searchable within {@value #REFRESH_MILLIS} ms. */
  private final AtomicBoolean urgent = new AtomicBoolean();

  private IndexStore(
      Path location,
      Analyzer analyzer,
      Directory directory,
      IndexWriter writer,
      TieredMergePolicy merges)
      throws IOException {
    this.location = location;
    this.analyzer = analyzer;
    this.directory = directory;
    this.writer = writer;
    this.merges = merges;
    this.segmentsPerTier = merges.getSegmentsPerTier();
    this.deletesPct = merges.getDeletesPctAllowed();
    this.searchers = new SearcherManager(writer, null);
    this.maintenance =
        Executors.newScheduledThreadPool(
            2, Thread.ofPlatform().name("diztl-index-maintenance-", 0).daemon().factory());
    maintenance.scheduleWithFixedDelay(
        this::refreshQuietly, REFRESH_MILLIS, REFRESH_MILLIS, TimeUnit.MILLISECONDS);
    maintenance.scheduleWithFixedDelay(
        this::commitQuietly, COMMIT_MILLIS, COMMIT_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Opens the index in {@code location}, creating it when missing. */
  static IndexStore open(Path location) {
    Directory directory = null;
    Analyzer analyzer = NameAnalyzer.forIndex();
    try {
      Files.createDirectories(location);
      directory = FSDirectory.open(location);
      // A 16 MB buffer: a bigger one stays live through every young collection while indexing and
      // makes a node with a small heap (bin/diztl) collect more, for no faster reconcile.
      TieredMergePolicy merges = new TieredMergePolicy();
      IndexWriterConfig config =
          new IndexWriterConfig(analyzer)
              .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
              .setRAMBufferSizeMB(16)
              .setMergePolicy(merges);
      return new IndexStore(
          location, analyzer, directory, new IndexWriter(directory, config), merges);
    } catch (LockObtainFailedException e) {
      closeQuietly(directory, analyzer);
      throw new DiztlException(
          "expected the index folder "
              + location
              + " to be free, found it in use by another process",
          e);
    } catch (IOException e) {
      closeQuietly(directory, analyzer);
      throw new DiztlException("cannot open the index in " + location + ": " + e.getMessage(), e);
    }
  }

  /**
   * Adds or replaces the document of {@code file}; {@link #findByPath} sees it at once, searches
   * within about {@value #REFRESH_MILLIS} ms.
   */
  void upsert(FileRecord file) {
    upsertInBackground(file);
    urgent.set(true);
  }

  /**
   * {@link #upsert}, for a hash or metadata found in the background: searches see it within about
   * {@value #BULK_REFRESH_MILLIS} ms, or at the next {@link #refreshSoon()}.
   */
  void upsertInBackground(FileRecord file) {
    recent.write(file.path(), file, () -> writeDuringBulk(file.path(), () -> upsertBulk(file)));
  }

  /** Has the next background refresh, within {@value #REFRESH_MILLIS} ms, run. */
  void refreshSoon() {
    urgent.set(true);
  }

  /**
   * Adds the document of {@code file}, which the index did not hold when the current bulk write
   * began (see {@link #beginBulk()}), without remembering it (see {@link #upsertBulk}). Adding
   * saves the delete by id every replacement costs; a file written meanwhile by another path is
   * replaced instead.
   */
  void addBulk(FileRecord file) {
    Document doc = DocumentMapper.toDocument(file);
    writtenDuringBulk.compute(
        file.path(),
        (path, written) -> {
          if (written == null) {
            write(() -> writer.addDocument(doc));
          } else {
            write(
                () ->
                    writer.updateDocument(
                        new Term(DocumentMapper.ID, DocumentMapper.idOf(path)), doc));
          }
          return written;
        });
  }

  /** Runs {@code write} of {@code path}, remembering the path while a bulk write runs. */
  private void writeDuringBulk(String path, Runnable write) {
    writtenDuringBulk.compute(
        path,
        (key, written) -> {
          write.run();
          return bulkWrites.get() > 0 ? Boolean.TRUE : null;
        });
  }

  /**
   * Adds or replaces the document of {@code file} without remembering it: {@link #findByPath} may
   * return the document it replaces until the next refresh. For bulk writes of records whose stamp
   * differs from the stored one, so that a stale read is recognised by its stamp.
   */
  void upsertBulk(FileRecord file) {
    write(
        () ->
            writer.updateDocument(
                new Term(DocumentMapper.ID, DocumentMapper.idOf(file.path())),
                DocumentMapper.toDocument(file)));
  }

  /** Removes the document at {@code path} and every document under it taken as a folder. */
  void deleteTree(String path) {
    recent.write(
        path,
        null,
        () ->
            writeDuringBulk(
                path,
                () ->
                    write(
                        () -> {
                          writer.deleteDocuments(
                              new Term(DocumentMapper.ID, DocumentMapper.idOf(path)));
                          writer.deleteDocuments(
                              new PrefixQuery(new Term(DocumentMapper.PATH, path + "/")));
                        })));
    recent.deletedUnder(path);
    urgent.set(true);
  }

  /** Removes the documents at exactly these paths. */
  void deletePaths(Collection<String> paths) {
    List<Term> ids = new ArrayList<>(DELETE_BATCH);
    for (String path : paths) {
      ids.add(new Term(DocumentMapper.ID, DocumentMapper.idOf(path)));
      if (ids.size() == DELETE_BATCH) {
        Term[] batch = ids.toArray(Term[]::new);
        write(() -> writer.deleteDocuments(batch));
        ids.clear();
      }
    }
    if (!ids.isEmpty()) {
      Term[] batch = ids.toArray(Term[]::new);
      write(() -> writer.deleteDocuments(batch));
    }
  }

  /** Removes every document. */
  void deleteAll() {
    write(() -> writer.deleteDocuments(MatchAllDocsQuery.INSTANCE));
    recent.deletedAll();
    urgent.set(true);
  }

  /**
   * The record at {@code path}: the last one {@link #upsert} wrote, else the stored one as of the
   * last refresh.
   */
  Optional<FileRecord> findByPath(String path) {
    return recent
        .find(path)
        .orElseGet(
            () ->
                findDocument(DocumentMapper.idOf(path), DocumentMapper.recordVisitor())
                    .map(DocumentMapper::toRecord));
  }

  /**
   * The records at {@code paths}, each as {@link #findByPath} finds it, by path (none for a path
   * without one). Reads the stored documents together, in index order, so that neighbours share the
   * decompression of their block.
   */
  Map<String, FileRecord> findByPaths(List<String> paths) {
    Map<String, FileRecord> found = HashMap.newHashMap(paths.size());
    List<String> unwritten = new ArrayList<>(paths.size());
    for (String path : paths) {
      Optional<Optional<FileRecord>> written = recent.find(path);
      if (written.isPresent()) {
        written.get().ifPresent(record -> found.put(path, record));
      } else {
        unwritten.add(path);
      }
    }
    if (!unwritten.isEmpty()) {
      read(
          searcher -> {
            RecordLookup.load(searcher.getIndexReader().leaves(), unwritten, found);
            return null;
          });
    }
    return found;
  }

  /** The file with this id, as of the last refresh. */
  Optional<IndexedFile> findById(String id) {
    return findDocument(id, DocumentMapper.displayVisitor())
        .map(doc -> DocumentMapper.toIndexedFile(doc, 0f, List.of()));
  }

  private Optional<Document> findDocument(String id, DocumentStoredFieldVisitor visitor) {
    // A direct look-up of the id's postings: a search would build weights and a collector for
    // each of the many look-ups the hasher and the extractor make.
    BytesRef term = new BytesRef(id);
    return read(
        searcher -> {
          for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Terms terms = leaf.reader().terms(DocumentMapper.ID);
            if (terms == null) {
              continue;
            }
            TermsEnum ids = terms.iterator();
            if (!ids.seekExact(term)) {
              continue;
            }
            PostingsEnum docs = ids.postings(null, PostingsEnum.NONE);
            Bits live = leaf.reader().getLiveDocs();
            for (int doc = docs.nextDoc();
                doc != DocIdSetIterator.NO_MORE_DOCS;
                doc = docs.nextDoc()) {
              if (live == null || live.get(doc)) {
                leaf.reader().storedFields().document(doc, visitor);
                return Optional.of(visitor.getDocument());
              }
            }
          }
          return Optional.empty();
        });
  }

  /** Those of {@code hashes} that some file has, as of the last refresh: one look-up each. */
  Set<String> presentHashes(Collection<String> hashes) {
    return read(
        searcher -> {
          Set<String> present = new HashSet<>();
          for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Terms terms = leaf.reader().terms(DocumentMapper.SHA256);
            if (terms == null) {
              continue;
            }
            TermsEnum values = terms.iterator();
            Bits live = leaf.reader().getLiveDocs();
            for (String hash : hashes) {
              if (!present.contains(hash) && values.seekExact(new BytesRef(hash))) {
                PostingsEnum docs = values.postings(null, PostingsEnum.NONE);
                for (int doc = docs.nextDoc();
                    doc != DocIdSetIterator.NO_MORE_DOCS;
                    doc = docs.nextDoc()) {
                  if (live == null || live.get(doc)) {
                    present.add(hash);
                    break;
                  }
                }
              }
            }
          }
          return present;
        });
  }

  /**
   * The best {@code limit} hits of {@code query}, best first, with what matched each and snippets
   * of the text fields that matched.
   */
  List<IndexedFile> search(ParsedQuery query, int limit) {
    return read(
        searcher -> {
          ScoreDoc[] hits = searcher.search(query.query(), limit, RANKING, true).scoreDocs;
          List<List<String>> matched = MatchLabels.of(searcher, hits, query.labels());
          List<List<Snippet>> snippets =
              SnippetHighlighter.of(searcher, analyzer, hits, matched, query.labels());
          StoredFields stored = searcher.storedFields();
          List<IndexedFile> files = new ArrayList<>(hits.length);
          for (int i = 0; i < hits.length; i++) {
            DocumentStoredFieldVisitor visitor = DocumentMapper.displayVisitor();
            stored.document(hits[i].doc, visitor);
            files.add(
                DocumentMapper.toIndexedFile(visitor.getDocument(), hits[i].score, matched.get(i))
                    .withSnippets(snippets.get(i)));
          }
          return files;
        });
  }

  /**
   * One page of {@code folder} after {@code after} (null for the first), as of the last refresh;
   * empty when nothing is indexed under a folder other than the share (see {@link FolderLister}).
   */
  Optional<FolderPage> listFolder(String folder, EntryKey after, int pageSize) {
    return read(searcher -> FolderLister.list(searcher, folder, after, pageSize));
  }

  /** Every stored file by path, as of the last refresh. */
  Map<String, FileState> loadAll() {
    return read(
        searcher -> {
          IndexReader reader = searcher.getIndexReader();
          Map<String, FileState> files = HashMap.newHashMap(reader.numDocs());
          for (LeafReaderContext leaf : reader.leaves()) {
            DocumentMapper.readStates(leaf.reader(), file -> files.put(file.path(), file));
          }
          return files;
        });
  }

  /** Counts as of the last refresh. */
  IndexStats stats() {
    return read(
        searcher -> {
          IndexReader reader = searcher.getIndexReader();
          long unhashed = searcher.count(new TermQuery(new Term(DocumentMapper.SHA256, "")));
          long bytes = 0;
          for (LeafReaderContext leaf : reader.leaves()) {
            SortedNumericDocValues sizes =
                DocValues.getSortedNumeric(leaf.reader(), DocumentMapper.SIZE);
            Bits live = leaf.reader().getLiveDocs();
            for (int doc = sizes.nextDoc();
                doc != DocIdSetIterator.NO_MORE_DOCS;
                doc = sizes.nextDoc()) {
              if (live == null || live.get(doc)) {
                bytes += sizes.nextValue();
              }
            }
          }
          return new IndexStats(reader.numDocs(), bytes, reader.numDocs() - unhashed);
        });
  }

  /**
   * Defers merges until as many {@link #resumeMerges()}: while a load adds or rewrites many
   * documents, the segments it leaves are soon replaced again (a segment whose documents are all
   * deleted goes without a merge), so merging them would be wasted work.
   */
  void deferMerges() {
    synchronized (merges) {
      if (mergeDeferrals++ == 0) {
        merges.setSegmentsPerTier(DEFERRED_SEGMENTS_PER_TIER);
        merges.setDeletesPctAllowed(DEFERRED_DELETES_PCT);
      }
    }
  }

  /** Ends a {@link #deferMerges()}; the last one merges what waits. */
  void resumeMerges() {
    synchronized (merges) {
      if (--mergeDeferrals > 0) {
        return;
      }
      merges.setSegmentsPerTier(segmentsPerTier);
      merges.setDeletesPctAllowed(deletesPct);
    }
    // In the background: the merge scheduler may hold the caller while merges fall behind.
    try {
      maintenance.execute(this::mergeQuietly);
    } catch (RejectedExecutionException e) {
      LOG.debug("Not merging {}: closing", location);
    }
  }

  /**
   * Until {@link #endBulk()}, defers merges (see {@link #deferMerges()}), refreshes only every
   * {@value #BULK_REFRESH_MILLIS} ms and never commits: a refresh every few milliseconds would
   * flush a stream of tiny segments and keep merging them, and a commit flushes the buffer too.
   * Paths written other than by {@link #addBulk} from now on are remembered, so that {@code
   * addBulk} replaces them.
   */
  void beginBulk() {
    bulkWrites.incrementAndGet();
    deferMerges();
  }

  /** Ends a {@link #beginBulk()} and refreshes. */
  void endBulk() {
    if (bulkWrites.decrementAndGet() == 0) {
      writtenDuringBulk.clear();
    }
    refresh();
    resumeMerges();
  }

  /** Makes every write so far visible to searches; blocks while another refresh runs. */
  void refresh() {
    long written = recent.mark();
    lastRefreshNanos = System.nanoTime();
    try {
      searchers.maybeRefreshBlocking();
    } catch (IOException | AlreadyClosedException e) {
      throw failure("refresh", e);
    }
    recent.forget(written);
  }

  /**
   * The version of what searches see now and every term of the fields {@code fields} accepts, as
   * one consistent view: terms of deleted files may linger until segments merge.
   */
  RoutingTerms termsOf(Predicate<String> fields) {
    return read(
        searcher -> {
          Set<String> terms = new HashSet<>();
          for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            for (FieldInfo field : leaf.reader().getFieldInfos()) {
              Terms fieldTerms = fields.test(field.name) ? leaf.reader().terms(field.name) : null;
              if (fieldTerms == null) {
                continue;
              }
              TermsEnum each = fieldTerms.iterator();
              for (BytesRef term = each.next(); term != null; term = each.next()) {
                terms.add(term.utf8ToString());
              }
            }
          }
          long version = ((DirectoryReader) searcher.getIndexReader()).getVersion();
          return new RoutingTerms(version, terms);
        });
  }

  /** The version of what searches see now: it changes with every change they can see. */
  long version() {
    return read(searcher -> ((DirectoryReader) searcher.getIndexReader()).getVersion());
  }

  @Override
  public void close() {
    maintenance.shutdown();
    try {
      if (!maintenance.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        maintenance.shutdownNow();
        LOG.warn("Index maintenance of {} did not stop within {} s", location, CLOSE_WAIT_SECONDS);
      }
    } catch (InterruptedException e) {
      maintenance.shutdownNow();
      Thread.currentThread().interrupt();
    }
    try {
      try {
        searchers.close();
        writer.close(); // commits
      } finally {
        directory.close();
      }
    } catch (IOException | AlreadyClosedException e) {
      throw failure("close", e);
    } finally {
      analyzer.close();
    }
    LOG.info("Closed index {}", location);
  }

  private void refreshQuietly() {
    long now = System.nanoTime();
    boolean due = now - lastRefreshNanos >= TimeUnit.MILLISECONDS.toNanos(BULK_REFRESH_MILLIS);
    if (!due && (bulkWrites.get() > 0 || !urgent.get())) {
      return;
    }
    // Cleared before the refresh begins: a write flagging it later is either in this refresh or
    // has the next one run.
    urgent.set(false);
    long written = recent.mark();
    lastRefreshNanos = now;
    try {
      if (searchers.maybeRefresh()) {
        recent.forget(written);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("Refreshing the searcher of {} failed: {}", location, e.toString());
    }
  }

  private void mergeQuietly() {
    try {
      writer.maybeMerge();
    } catch (IOException | RuntimeException e) {
      LOG.warn("Merging the segments of {} failed: {}", location, e.toString());
    }
  }

  private void commitQuietly() {
    if (bulkWrites.get() > 0) {
      return; // a commit flushes the buffered documents: a bulk write would make small segments
    }
    try {
      if (writer.hasUncommittedChanges()) {
        writer.commit();
        LOG.debug("Committed index {}", location);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("Committing the index {} failed: {}", location, e.toString());
    }
  }

  private void write(IndexAction action) {
    try {
      action.run();
    } catch (IOException | AlreadyClosedException e) {
      throw failure("write to", e);
    }
  }

  private <T> T read(SearcherFunction<T> function) {
    IndexSearcher searcher;
    try {
      searcher = searchers.acquire();
    } catch (IOException | AlreadyClosedException e) {
      throw failure("read", e);
    }
    try {
      return function.apply(searcher);
    } catch (IOException | AlreadyClosedException e) {
      throw failure("read", e);
    } finally {
      try {
        searchers.release(searcher);
      } catch (IOException e) {
        LOG.warn("Releasing a searcher of {} failed: {}", location, e.toString());
      }
    }
  }

  private DiztlException failure(String verb, Exception cause) {
    if (cause instanceof AlreadyClosedException) {
      return new DiztlException(
          "expected the index " + location + " to be open, found it closed", cause);
    }
    return new DiztlException(
        "cannot " + verb + " the index " + location + ": " + cause.getMessage(), cause);
  }

  private static void closeQuietly(Directory directory, Analyzer analyzer) {
    analyzer.close();
    if (directory != null) {
      try {
        directory.close();
      } catch (IOException e) {
        LOG.debug("Closing index directory after a failed open: {}", e.toString());
      }
    }
  }

  /** A write that may fail with I/O. */
  @FunctionalInterface
  private interface IndexAction {
    void run() throws IOException;
  }

  /** A read against one searcher. */
  @FunctionalInterface
  private interface SearcherFunction<T> {
    T apply(IndexSearcher searcher) throws IOException;
  }
}
