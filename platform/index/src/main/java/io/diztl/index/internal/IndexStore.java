package io.diztl.index.internal;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.ui.Snippet;
import io.diztl.index.FolderPage;
import io.diztl.index.IndexStats;
import io.diztl.index.IndexedFile;
import io.diztl.index.RoutingTerms;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
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
 * {@value #BULK_REFRESH_MILLIS} ms otherwise; while a bulk write runs, every {@value
 * #BULK_REFRESH_MILLIS} ms when another writer wrote, else every {@value
 * #QUIET_BULK_REFRESH_MILLIS} ms), and a commit every {@value #COMMIT_MILLIS} ms when there are
 * changes. Thread-safe.
 *
 * <p>Records written with {@link #upsert} are remembered until a refresh makes them searchable, so
 * that {@link #findByPath} reads its own writes: the hasher and the extractor each rewrite a
 * document from the stored one, and must not lose what the other wrote a moment before.
 *
 * <p>When Lucene's writer closes itself on a fatal error (such as "Too many open files"), the store
 * says so once at ERROR, refuses writes with a clear message and reopens the writer from the last
 * commit in the background, waiting longer after each failed try (see {@link WriterBackoff}); once
 * it is open again, {@link #onReopened} runs so that the writes lost since that commit are made
 * again.
 */
final class IndexStore implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IndexStore.class);

  static final long REFRESH_MILLIS = 50;

  /**
   * How often a bulk write and the background writes of hashes and metadata are made searchable:
   * each refresh flushes a segment, and a stream of tiny ones would keep the merges busy.
   */
  static final long BULK_REFRESH_MILLIS = 1_000;

  /**
   * How often a bulk write's own documents are made searchable while no other writer wrote: each
   * refresh flushes a segment per writing thread, which the merges after the load rewrite again,
   * and has the routing summary counted again.
   */
  static final long QUIET_BULK_REFRESH_MILLIS = 5_000;

  static final long COMMIT_MILLIS = 3_000;
  private static final long CLOSE_WAIT_SECONDS = 5;

  /**
   * Initial bins of {@link #writtenDuringBulk}: a bulk write holds the bin of its path while it
   * writes, so that writers on several threads rarely wait for each other.
   */
  private static final int BULK_WRITE_LOCKS = 4_096;

  /**
   * Segments per tier while merges are deferred: enough that a bulk load of a million files (a
   * segment or two per refresh) merges next to never.
   */
  private static final double DEFERRED_SEGMENTS_PER_TIER = 200;

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
  private volatile IndexWriter writer;
  private volatile SearcherManager searchers;
  private final WriterBackoff backoff = new WriterBackoff(WriterBackoff.FIRST, WriterBackoff.LAST);
  private final AtomicBoolean reopening = new AtomicBoolean();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final AtomicInteger reopens = new AtomicInteger();
  private volatile Runnable onReopened = () -> {};
  private final ScheduledExecutorService maintenance;
  private final AtomicInteger bulkWrites = new AtomicInteger();
  private final TieredMergePolicy merges;
  private final double segmentsPerTier;
  private final double deletesPct;
  private int mergeDeferrals; // guarded by merges

  /** Paths written other than by {@link #writeBulk} while a bulk write runs. */
  private final Map<String, Boolean> writtenDuringBulk = new ConcurrentHashMap<>(BULK_WRITE_LOCKS);

  private final RecentWrites recent = new RecentWrites();
  private volatile CountedStats lastStats;
  private volatile Consumer<FileRecord> written = file -> {};
  private volatile long lastRefreshNanos = System.nanoTime();

  /** Whether a write waits that should be searchable within {@value #REFRESH_MILLIS} ms. */
  private final AtomicBoolean urgent = new AtomicBoolean();

  /** Whether a writer other than the bulk write wrote since the last refresh. */
  private final AtomicBoolean otherWrites = new AtomicBoolean();

  /** Whether a refresh asked for by {@link #refreshUrgently()} waits to run. */
  private final AtomicBoolean urgentRefreshQueued = new AtomicBoolean();

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
    return open(location, UnaryOperator.identity());
  }

  /**
   * {@link #open(Path)} on the folder's directory as {@code wrap} wraps it (tests inject faults).
   */
  static IndexStore open(Path location, UnaryOperator<Directory> wrap) {
    Directory directory = null;
    Analyzer analyzer = NameAnalyzer.forIndex();
    try {
      Files.createDirectories(location);
      directory = wrap.apply(FSDirectory.open(location));
      TieredMergePolicy merges = new TieredMergePolicy();
      return new IndexStore(
          location,
          analyzer,
          directory,
          new IndexWriter(directory, writerConfig(analyzer, merges)),
          merges);
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
    refreshUrgently();
  }

  /**
   * {@link #upsert}, for a hash or metadata found in the background: searches see it within about
   * {@value #BULK_REFRESH_MILLIS} ms, or at the next {@link #refreshSoon()}.
   */
  void upsertInBackground(FileRecord file) {
    recent.write(
        file.path(), file, () -> writeDuringBulk(file.path(), () -> replaceDocument(file)));
  }

  /** Has the next background refresh, within {@value #REFRESH_MILLIS} ms, run. */
  void refreshSoon() {
    urgent.set(true);
  }

  /**
   * Makes the writes so far searchable at once when the last refresh began at least {@value
   * #REFRESH_MILLIS} ms ago and no bulk write runs, else at the next background refresh: a lone
   * change does not wait for the timer, a stream of them still gets one refresh per interval.
   */
  private void refreshUrgently() {
    urgent.set(true);
    if (bulkWrites.get() > 0
        || System.nanoTime() - lastRefreshNanos < TimeUnit.MILLISECONDS.toNanos(REFRESH_MILLIS)
        || !urgentRefreshQueued.compareAndSet(false, true)) {
      return;
    }
    try {
      maintenance.execute(
          () -> {
            urgentRefreshQueued.set(false);
            refreshQuietly();
          });
    } catch (RejectedExecutionException e) {
      urgentRefreshQueued.set(false);
      LOG.debug("Not refreshing {}: closing", location);
    }
  }

  /**
   * Writes the document of {@code file} as part of the current bulk write (see {@link
   * #beginBulk()}): added when the index did not hold the path when the bulk began ({@code isNew}:
   * no delete by id), else replacing the stored one; not remembered for {@link #findByPath} (the
   * stamp tells a stale read). When another writer wrote or deleted the path since the bulk began,
   * nothing is written: that writer looked at the file after the bulk's walk did. Returns whether
   * it wrote.
   */
  boolean writeBulk(FileRecord file, boolean isNew) {
    Document doc = DocumentMapper.toReusedDocument(file);
    boolean[] wrote = new boolean[1];
    writtenDuringBulk.compute(
        file.path(),
        (path, other) -> {
          if (other == null) {
            if (isNew) {
              write(() -> writer.addDocument(doc));
            } else {
              write(() -> writer.updateDocument(idTerm(path), doc));
            }
            wrote[0] = true;
          }
          return other;
        });
    if (wrote[0]) {
      written.accept(file);
    }
    return wrote[0];
  }

  /** Runs {@code write} of {@code path}, remembering the path while a bulk write runs. */
  private void writeDuringBulk(String path, Runnable write) {
    writtenDuringBulk.compute(
        path,
        (key, written) -> {
          write.run();
          otherWrites.set(true);
          return bulkWrites.get() > 0 ? Boolean.TRUE : null;
        });
  }

  /** Adds or replaces the document of {@code file}, telling the listener of writes. */
  private void replaceDocument(FileRecord file) {
    write(() -> writer.updateDocument(idTerm(file.path()), DocumentMapper.toDocument(file)));
    written.accept(file);
  }

  private static Term idTerm(String path) {
    return new Term(DocumentMapper.ID, DocumentMapper.idOf(path));
  }

  /**
   * Tells {@code listener} of each record written from now on (added or replaced), on the writing
   * thread; replaces the previous listener.
   */
  void onWritten(Consumer<FileRecord> listener) {
    written = listener;
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
    refreshUrgently();
  }

  /**
   * Removes the documents at exactly these paths, found gone by the current bulk write, except
   * those another writer wrote since the bulk began (the file came back meanwhile).
   */
  void deleteStale(Collection<String> paths) {
    for (String path : paths) {
      writtenDuringBulk.compute(
          path,
          (key, written) -> {
            if (written == null) {
              write(() -> writer.deleteDocuments(idTerm(key)));
            }
            return written;
          });
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

  /**
   * Counts as of the last refresh; counted once per refresh (a status poll of a node with a million
   * files would otherwise read every size each time).
   */
  IndexStats stats() {
    return read(
        searcher -> {
          IndexReader reader = searcher.getIndexReader();
          CountedStats counted = lastStats;
          if (counted != null && counted.reader() == reader) {
            return counted.stats();
          }
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
          IndexStats stats = new IndexStats(reader.numDocs(), bytes, reader.numDocs() - unhashed);
          lastStats = new CountedStats(reader, stats);
          return stats;
        });
  }

  /** The counts of one reader (one refresh). */
  private record CountedStats(IndexReader reader, IndexStats stats) {}

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
   * {@value #QUIET_BULK_REFRESH_MILLIS} ms, or {@value #BULK_REFRESH_MILLIS} ms when another writer
   * wrote meanwhile, never commits and flushes segments without packing them into compound files: a
   * refresh every few milliseconds would flush a stream of tiny segments and keep merging them, and
   * a commit flushes the buffer too. Paths written other than by {@link #writeBulk} from now on are
   * remembered, so that the bulk write leaves them as they were written (see {@link #writeBulk},
   * {@link #deleteStale}).
   */
  void beginBulk() {
    if (bulkWrites.incrementAndGet() == 1) {
      // Flushed segments are soon merged: packing each into a compound file first is wasted.
      writer.getConfig().setUseCompoundFile(false);
    }
    deferMerges();
  }

  /** Ends a {@link #beginBulk()} and refreshes. */
  void endBulk() {
    if (bulkWrites.decrementAndGet() == 0) {
      writtenDuringBulk.clear();
      writer.getConfig().setUseCompoundFile(true);
    }
    refresh();
    resumeMerges();
  }

  /** Makes every write so far visible to searches; blocks while another refresh runs. */
  void refresh() {
    otherWrites.set(false);
    long written = recent.mark();
    lastRefreshNanos = System.nanoTime();
    if (reopening.get()) {
      throw lost();
    }
    try {
      searchers.maybeRefreshBlocking();
    } catch (IOException | AlreadyClosedException e) {
      checkWriter();
      throw reopening.get() ? lost() : failure("refresh", e);
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
    closing.set(true);
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
        if (writer.getTragicException() == null) {
          writer.close(); // commits
        } else {
          writer.rollback();
        }
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

  /**
   * The writer's configuration. A 16 MB buffer: a bigger one stays live through every young
   * collection while indexing and makes a node with a small heap (bin/diztl) collect more, for no
   * faster reconcile.
   */
  private static IndexWriterConfig writerConfig(Analyzer analyzer, TieredMergePolicy merges) {
    return new IndexWriterConfig(analyzer)
        .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
        .setRAMBufferSizeMB(16)
        .setMergePolicy(merges);
  }

  /** Has {@code action} run (on a maintenance thread) each time the writer was reopened. */
  void onReopened(Runnable action) {
    this.onReopened = Objects.requireNonNull(action, "action");
  }

  /** How many times the writer was reopened after a fatal error. */
  int reopens() {
    return reopens.get();
  }

  /** Whether the writer closed itself on a fatal error and is not yet open again. */
  boolean writerLost() {
    return reopening.get();
  }

  /** Looks whether the writer closed itself on a fatal error; if so, has it reopened. */
  private void checkWriter() {
    IndexWriter current = writer;
    if (closing.get() || (current.isOpen() && current.getTragicException() == null)) {
      return;
    }
    if (reopening.compareAndSet(false, true)) {
      Throwable tragedy = current.getTragicException();
      LOG.error(
          "The index writer of {} stopped after a fatal error ({}): writes are refused until it is"
              + " reopened, first try in {} ms",
          location,
          tragedy == null ? "closed" : tragedy.toString(),
          backoff.next().toMillis());
      scheduleReopen();
    }
  }

  private void scheduleReopen() {
    try {
      maintenance.schedule(this::reopen, backoff.current().toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      LOG.debug("Not reopening the index writer of {}: closing", location);
    }
  }

  private void reopen() {
    if (closing.get()) {
      return;
    }
    IndexWriter fresh;
    try {
      fresh = new IndexWriter(directory, writerConfig(analyzer, merges));
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "Reopening the index writer of {} failed ({}); next try in {} s",
          location,
          e.toString(),
          backoff.next().toSeconds());
      scheduleReopen();
      return;
    }
    SearcherManager previous = searchers;
    try {
      searchers = new SearcherManager(fresh, null);
    } catch (IOException e) {
      closeQuietly(fresh);
      LOG.warn("Reopening the searcher of {} failed ({}); retrying", location, e.toString());
      backoff.next();
      scheduleReopen();
      return;
    }
    writer = fresh;
    closeQuietly(previous);
    recent.forget(recent.mark());
    reopens.incrementAndGet();
    reopening.set(false);
    LOG.info("Reopened the index writer of {} from its last commit", location);
    try {
      onReopened.run();
    } catch (RuntimeException e) {
      LOG.warn("Redoing the writes lost in {} failed: {}", location, e.toString());
    }
  }

  private static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException | RuntimeException e) {
      LOG.debug("Closing after a fatal index error: {}", e.toString());
    }
  }

  private void refreshQuietly() {
    if (reopening.get()) {
      return;
    }
    long now = System.nanoTime();
    long since = now - lastRefreshNanos;
    boolean due =
        since >= TimeUnit.MILLISECONDS.toNanos(BULK_REFRESH_MILLIS)
            && (bulkWrites.get() == 0
                || urgent.get()
                || otherWrites.get()
                || since >= TimeUnit.MILLISECONDS.toNanos(QUIET_BULK_REFRESH_MILLIS));
    if (!due && (bulkWrites.get() > 0 || !urgent.get())) {
      return;
    }
    // Cleared before the refresh begins: a write flagging it later is either in this refresh or
    // has the next one run.
    urgent.set(false);
    otherWrites.set(false);
    long written = recent.mark();
    lastRefreshNanos = now;
    try {
      if (searchers.maybeRefresh()) {
        recent.forget(written);
      }
    } catch (IOException | RuntimeException e) {
      quietFailure("Refreshing the searcher of", e);
    }
  }

  private void mergeQuietly() {
    if (reopening.get()) {
      return;
    }
    try {
      writer.maybeMerge();
    } catch (IOException | RuntimeException e) {
      quietFailure("Merging the segments of", e);
    }
  }

  /** Logs a failed background step, unless it failed because the writer is lost (said once). */
  private void quietFailure(String what, Exception e) {
    checkWriter();
    if (!reopening.get()) {
      LOG.warn("{} {} failed: {}", what, location, e.toString());
    }
  }

  private void commitQuietly() {
    if (bulkWrites.get() > 0 || reopening.get()) {
      return; // a commit flushes the buffered documents: a bulk write would make small segments
    }
    try {
      if (writer.hasUncommittedChanges()) {
        writer.commit();
        LOG.debug("Committed index {}", location);
      }
      backoff.reset();
    } catch (IOException | RuntimeException e) {
      quietFailure("Committing the index", e);
    }
  }

  private void write(IndexAction action) {
    if (reopening.get()) {
      throw lost();
    }
    try {
      action.run();
    } catch (IOException | AlreadyClosedException e) {
      checkWriter();
      throw reopening.get() ? lost() : failure("write to", e);
    }
  }

  private DiztlException lost() {
    return new DiztlException(
        ErrorKind.UNAVAILABLE,
        "expected the index "
            + location
            + " to take writes, found its writer stopped by a fatal error; it is being reopened");
  }

  private <T> T read(SearcherFunction<T> function) {
    SearcherManager manager = searchers;
    IndexSearcher searcher;
    try {
      searcher = manager.acquire();
    } catch (IOException | AlreadyClosedException e) {
      throw failure("read", e);
    }
    try {
      return function.apply(searcher);
    } catch (IOException | AlreadyClosedException e) {
      throw failure("read", e);
    } finally {
      try {
        manager.release(searcher);
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
