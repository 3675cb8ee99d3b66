package io.diztl.index.internal;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.SearchQuery;
import io.diztl.api.metadata.FieldType;
import io.diztl.index.FolderPage;
import io.diztl.index.IndexConfig;
import io.diztl.index.IndexStats;
import io.diztl.index.IndexedFile;
import io.diztl.index.InvalidQueryException;
import io.diztl.index.MetadataSource;
import io.diztl.index.PieceHashes;
import io.diztl.index.RoutingKeys;
import io.diztl.index.RoutingTerms;
import io.diztl.index.ShareIndex;
import io.diztl.index.StandingQuery;
import io.diztl.index.WrittenFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.lucene.search.IndexSearcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index of one share: keeps the Lucene documents in line with the files, has them hashed and
 * their metadata extracted in the background ({@link ContentWorkers}) and answers searches.
 * Thread-safe.
 *
 * <p>Every "look at the file, then write its document" step runs under {@link
 * ContentWorkers#lock()}, so a hash computed for an older version of a file never overwrites the
 * document of a newer one.
 */
public final class DefaultShareIndex implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DefaultShareIndex.class);

  /** How long closing waits for a reconcile under way to stop. */
  private static final Duration RECONCILE_STOP_WAIT = Duration.ofSeconds(10);

  private static final int HASH_ATTEMPTS = 3;

  /**
   * Searches that run at once; the others wait (within their time limit) for a slot, so that a
   * flood of expensive queries cannot take every core.
   */
  static final int SEARCH_SLOTS = Math.max(2, Runtime.getRuntime().availableProcessors());

  private final SharePaths paths;
  private final IndexStore store;
  private final MetadataSource source;
  private final QueryFactory queries;

  /** How the names of the metadata fields plain words are searched in end. */
  private static final String TEXT_FIELD_SUFFIX =
      DocumentMapper.metaField("", FieldType.TEXT)
          .substring(DocumentMapper.METADATA_PREFIX.length());

  private final NameAnalyzer queryAnalyzer = NameAnalyzer.forQuery();

  /** The folder of the index directory that keeps piece hashes (Lucene leaves it alone). */
  private static final String PIECES_FOLDER = "pieces";

  private final NameAnalyzer memoryAnalyzer = NameAnalyzer.forIndex();
  private final ContentWorkers workers;
  private final Object fileLock;
  private final Object reconcileLock = new Object();

  /** Files the reconcile under way has seen so far; -1 when none runs or is due. */
  private final AtomicLong scanned = new AtomicLong(-1);

  private volatile Thread background;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Semaphore searching = new Semaphore(SEARCH_SLOTS);

  private DefaultShareIndex(
      SharePaths paths, IndexStore store, MetadataSource source, Path piecesDir) {
    this.paths = paths;
    this.store = store;
    this.source = source;
    this.queries = new QueryFactory(queryAnalyzer, source);
    this.workers = new ContentWorkers(paths, store, source, piecesDir);
    this.fileLock = workers.lock();
    store.onReopened(this::reconcileAfterReopen);
  }

  /**
   * The writer came back from its last commit: what was written since is found and written again.
   */
  private void reconcileAfterReopen() {
    Thread.ofPlatform()
        .daemon()
        .name("diztl-index-recovery")
        .start(
            () -> {
              try {
                if (!closed.get()) {
                  reconcile();
                }
              } catch (RuntimeException e) {
                LOG.warn(
                    "Reconciling {} after the writer was reopened failed: {}",
                    paths.root(),
                    e.toString());
              }
            });
  }

  /**
   * Opens (or creates) the index of {@code config}, with metadata and matchers from {@code source};
   * does not scan the share.
   */
  public static DefaultShareIndex open(IndexConfig config, MetadataSource source) {
    List<Path> excluded = new ArrayList<>(config.excluded());
    excluded.add(config.indexDir());
    SharePaths paths = new SharePaths(config.shareDir(), excluded);
    DefaultShareIndex index =
        new DefaultShareIndex(
            paths,
            IndexStore.open(config.indexDir()),
            source,
            config.indexDir().resolve(PIECES_FOLDER));
    LOG.info("Opened index {} of share {}", config.indexDir(), config.shareDir());
    return index;
  }

  /** See {@link io.diztl.index.ShareIndex#reconcileInBackground()}. */
  public synchronized void reconcileInBackground() {
    ensureOpen();
    if (background != null) {
      throw new IllegalStateException("the share is reconciled in the background already");
    }
    scanned.set(0);
    background =
        Thread.ofPlatform()
            .name("diztl-reconcile")
            .daemon()
            .start(
                () -> {
                  try {
                    reconcile();
                  } catch (RuntimeException e) {
                    if (!closed.get()) {
                      LOG.warn("Reconciling share {} failed: {}", paths.root(), e.toString(), e);
                    }
                  }
                });
  }

  /** See {@link io.diztl.index.ShareIndex#awaitScan(Duration)}. */
  public boolean awaitScan(Duration timeout) throws InterruptedException {
    Thread reconciling = background;
    return reconciling == null || reconciling.join(timeout.isPositive() ? timeout : Duration.ZERO);
  }

  /** See {@link io.diztl.index.ShareIndex#filesScanned()}. */
  public long filesScanned() {
    return scanned.get();
  }

  /** See {@link io.diztl.index.ShareIndex#reconcile()}. */
  public void reconcile() {
    ensureOpen();
    synchronized (reconcileLock) {
      long start = System.nanoTime();
      Reconciler.Result result;
      scanned.set(0);
      try {
        result =
            Reconciler.run(
                paths,
                store,
                workers.currentStamp(),
                workers.freshStamp(),
                new SmallFileContent(paths, workers::hashContent, workers::extractContent),
                workers::hash,
                workers::extract,
                scanned,
                closed::get);
      } catch (IOException e) {
        throw new DiztlException(
            "cannot walk the share " + paths.root() + ": " + e.getMessage(), e);
      } finally {
        scanned.set(-1);
      }
      long millis = Math.max(1, (System.nanoTime() - start) / 1_000_000);
      if (!result.complete()) {
        LOG.info(
            "Stopped reconciling share {} after {} files: the index closed",
            paths.root(),
            result.seen());
        return;
      }
      LOG.info(
          "Reconciled share {}: {} files seen, {} added, {} updated, {} removed in {} ms ({}"
              + " files/s)",
          paths.root(),
          result.seen(),
          result.added(),
          result.updated(),
          result.removed(),
          millis,
          result.seen() * 1000 / millis);
    }
  }

  /** See {@link io.diztl.index.ShareIndex#reextract()}. */
  public void reextract() {
    ensureOpen();
    store.refresh();
    String stamp = workers.currentStamp();
    List<String> stale =
        store.loadAll().values().stream()
            .filter(file -> !file.extractorsVersion().equals(stamp))
            .map(FileState::path)
            .toList();
    LOG.info(
        "Extracting the metadata of {} files again for extractors '{}'",
        stale.size(),
        source.extractorsVersion());
    stale.forEach(workers::extract);
  }

  /** See {@link io.diztl.index.ShareIndex#fileChanged(Path)}. */
  public void fileChanged(Path file) {
    ensureOpen();
    Optional<String> relative = paths.relative(file);
    if (relative.isEmpty()) {
      LOG.debug("Ignoring change outside the share or in an excluded folder: {}", file);
      return;
    }
    String path = relative.get();
    if (!SharePaths.isIndexableName(path.substring(path.lastIndexOf('/') + 1))) {
      LOG.debug("Ignoring change of a transfer file: {}", path);
      return;
    }
    Path absolute = paths.resolve(path);
    boolean needsHash;
    boolean needsExtraction;
    try {
      synchronized (fileLock) {
        BasicFileAttributes attributes;
        try {
          attributes =
              Files.readAttributes(absolute, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
          LOG.debug("Changed file is gone: {}", path);
          store.deleteTree(path);
          return;
        }
        if (attributes.isDirectory()) {
          LOG.debug("Ignoring change of folder {}: its files are reported one by one", path);
          return;
        }
        if (!attributes.isRegularFile() || !paths.hasRealParent(path)) {
          LOG.debug("Not indexing {}: not a regular file inside the share", path);
          store.deleteTree(path);
          return;
        }
        FileStamp stamp = FileStamp.of(attributes);
        FileRecord known =
            store.findByPath(path).filter(record -> record.stamp().equals(stamp)).orElse(null);
        if (known == null) {
          LOG.debug("Indexing {}", path);
          known = workers.freshRecord(path, stamp);
          store.upsert(known);
        }
        needsHash = known.sha256().isEmpty();
        needsExtraction = !known.extractorsVersion().equals(workers.currentStamp());
      }
    } catch (IOException e) {
      throw new DiztlException(
          "cannot read the changed file " + absolute + ": " + e.getMessage(), e);
    }
    if (needsHash) {
      workers.hash(path);
    }
    if (needsExtraction) {
      workers.extract(path);
    }
  }

  /** See {@link io.diztl.index.ShareIndex#fileDeleted(Path)}. */
  public void fileDeleted(Path path) {
    ensureOpen();
    if (paths.isRoot(path)) {
      LOG.info("Share folder {} was deleted: dropping every file from the index", path);
      store.deleteAll();
      return;
    }
    Optional<String> relative = paths.relative(path);
    if (relative.isEmpty()) {
      LOG.debug("Ignoring deletion outside the share or in an excluded folder: {}", path);
      return;
    }
    LOG.debug("Removing {}", relative.get());
    synchronized (fileLock) {
      store.deleteTree(relative.get());
    }
  }

  /** See {@link io.diztl.index.ShareIndex#search(SearchQuery, Duration, BooleanSupplier)}. */
  public List<IndexedFile> search(
      SearchQuery query, Duration timeLimit, BooleanSupplier cancelled) {
    ensureOpen();
    ParallelFileHasher.serving(); // from now on hashing gives way to requests
    SearchBudget budget = new SearchBudget(timeLimit, cancelled);
    try {
      budget.check();
      if (!searching.tryAcquire(Math.max(0, budget.remainingNanos()), TimeUnit.NANOSECONDS)) {
        budget.check();
        throw new DiztlException(
            ErrorKind.RESOURCE_EXHAUSTED,
            "the node is busy with " + SEARCH_SLOTS + " searches at once; try again");
      }
    } catch (SearchBudget.Stopped e) {
      throw budget.failure();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DiztlException(ErrorKind.CANCELLED, "the search was interrupted");
    }
    try {
      return queries
          .create(query)
          .map(
              parsed ->
                  store.search(
                      new ParsedQuery(new BudgetedQuery(parsed.query(), budget), parsed.labels()),
                      query.limit()))
          .orElse(List.of());
    } catch (SearchBudget.Stopped e) {
      throw budget.failure();
    } catch (IndexSearcher.TooManyClauses e) {
      throw new InvalidQueryException(
          0,
          "expected a simpler query, found one expanding to more than "
              + IndexSearcher.getMaxClauseCount()
              + " clauses");
    } finally {
      searching.release();
    }
  }

  /** See {@link io.diztl.index.ShareIndex#validateQuery(String)}. */
  public void validateQuery(String text) {
    queries.validate(text);
  }

  /** See {@link io.diztl.index.ShareIndex#compileStanding(SearchQuery)}. */
  public StandingQuery compileStanding(SearchQuery query) {
    ParsedQuery parsed =
        queries
            .create(query)
            .orElseThrow(
                () ->
                    new InvalidQueryException(
                        0, "expected a word or a filter to watch for, found none"));
    return new CompiledStandingQuery(query, parsed);
  }

  /** See {@link io.diztl.index.ShareIndex#onWritten(Consumer)}. */
  public void onWritten(Consumer<WrittenFile> listener) {
    store.onWritten(record -> listener.accept(new MemoryWrittenFile(record, memoryAnalyzer)));
  }

  /** See {@link io.diztl.index.ShareIndex#get(String)}. */
  public Optional<IndexedFile> get(String id) {
    ensureOpen();
    ParallelFileHasher.serving(); // from now on hashing gives way to requests
    return store.findById(id);
  }

  /** See {@link io.diztl.index.ShareIndex#knownHashes(Collection)}. */
  public Set<String> knownHashes(Collection<String> sha256s) {
    ensureOpen();
    ParallelFileHasher.serving(); // from now on hashing gives way to requests
    Set<String> wanted = new HashSet<>();
    for (String sha : sha256s) {
      if (!sha.isEmpty()) {
        wanted.add(sha.toLowerCase(Locale.ROOT));
      }
    }
    return wanted.isEmpty() ? Set.of() : store.presentHashes(wanted);
  }

  /** See {@link io.diztl.index.ShareIndex#sha256(IndexedFile)}. */
  public String sha256(IndexedFile file) {
    return pieces(file).rootHex();
  }

  /** See {@link io.diztl.index.ShareIndex#pieces(IndexedFile)}. */
  public PieceHashes pieces(IndexedFile file) {
    ensureOpen();
    ParallelFileHasher.serving(); // from now on hashing gives way to requests
    String path = file.path();
    Path absolute = paths.resolve(path);
    if (paths.relative(absolute).isEmpty()) {
      throw new DiztlException(
          "expected a shared file, found '" + path + "' in an excluded folder");
    }
    try {
      for (int attempt = 0; attempt < HASH_ATTEMPTS; attempt++) {
        FileStamp before =
            workers
                .indexableStamp(path, absolute)
                .orElseThrow(
                    () ->
                        new DiztlException(
                            "expected the file '"
                                + path
                                + "' in the share "
                                + paths.root()
                                + ", found it gone"));
        FileRecord known =
            store
                .findByPath(path)
                .orElseGet(
                    () ->
                        new FileRecord(
                            path,
                            new FileStamp(file.size(), file.modifiedMillis()),
                            file.sha256()));
        if (known.stamp().equals(before) && !known.sha256().isEmpty()) {
          // Missing when the hash was stored by a version that kept no pieces: hashed again.
          Optional<PieceHashes> kept = workers.keptPieces(known.sha256(), before.size());
          if (kept.isPresent()) {
            return kept.get();
          }
        }
        PieceHashes hashes = workers.hashContent(absolute);
        synchronized (fileLock) {
          if (workers.indexableStamp(path, absolute).equals(Optional.of(before))) {
            if (!hashes.rootHex().equals(known.sha256())) {
              workers.storeHash(path, before, hashes.rootHex());
            }
            return hashes;
          }
        }
      }
    } catch (IOException e) {
      throw new DiztlException("cannot hash " + absolute + ": " + e.getMessage(), e);
    }
    throw new DiztlException(
        "expected '" + path + "' to stay unchanged while it was hashed, found it changing");
  }

  /** See {@link io.diztl.index.ShareIndex#list(String, String, int)}. */
  public FolderPage list(String folder, String pageToken, int pageSize) {
    ensureOpen();
    ParallelFileHasher.serving(); // from now on hashing gives way to requests
    String normal = SharePaths.checkRequested(folder);
    if (pageSize < 0) {
      throw new DiztlException(
          ErrorKind.INVALID_ARGUMENT, "expected a page size of 0 or more, found " + pageSize);
    }
    int size =
        pageSize == 0 ? ShareIndex.DEFAULT_PAGE_SIZE : Math.min(pageSize, ShareIndex.MAX_PAGE_SIZE);
    EntryKey after = pageToken.isEmpty() ? null : EntryKey.parse(pageToken);
    if (!Files.isDirectory(paths.confine(normal), LinkOption.NOFOLLOW_LINKS)) {
      throw notIndexed(normal);
    }
    return store.listFolder(normal, after, size).orElseThrow(() -> notIndexed(normal));
  }

  private static DiztlException notIndexed(String folder) {
    return new DiztlException(
        ErrorKind.NOT_FOUND,
        "expected a shared folder, found nothing shared at '" + SharePaths.echo(folder) + "'");
  }

  /** See {@link io.diztl.index.ShareIndex#confine(String)}. */
  public Path confine(String relativePath) {
    return paths.confine(relativePath);
  }

  /** See {@link io.diztl.index.ShareIndex#routingTerms()}. */
  public RoutingTerms routingTerms() {
    ensureOpen();
    RoutingTerms words =
        store.termsOf(
            field ->
                field.equals(DocumentMapper.NAME)
                    || (field.startsWith(DocumentMapper.METADATA_PREFIX)
                        && field.endsWith(TEXT_FIELD_SUFFIX)));
    // Read after the words: a change in between leaves the words' older version, sent again.
    Set<String> fieldKeys = new HashSet<>();
    store
        .termsOf(DocumentMapper.EXTENSION::equals)
        .terms()
        .forEach(extension -> fieldKeys.add(RoutingKeys.extension(extension)));
    store
        .termsOf(DocumentMapper.SHA256::equals)
        .terms()
        .forEach(hash -> fieldKeys.add(RoutingKeys.sha256(hash)));
    return new RoutingTerms(words.version(), words.terms(), fieldKeys);
  }

  /** See {@link io.diztl.index.ShareIndex#version()}. */
  public long version() {
    ensureOpen();
    return store.version();
  }

  /** See {@link io.diztl.index.ShareIndex#stats()}. */
  public IndexStats stats() {
    ensureOpen();
    return store.stats();
  }

  /** See {@link io.diztl.index.ShareIndex#filesAwaitingMetadata()}. */
  public int filesAwaitingMetadata() {
    return workers.extractionsPending();
  }

  /** See {@link io.diztl.index.ShareIndex#shareDir()}. */
  public Path shareDir() {
    return paths.root();
  }

  /** See {@link io.diztl.index.ShareIndex#awaitIdle(Duration)}. */
  public boolean awaitIdle(Duration timeout) {
    ensureOpen();
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      if (!awaitScan(Duration.ofNanos(deadline - System.nanoTime()))) {
        return false;
      }
      if (!workers.awaitIdle(deadline)) {
        return false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    store.refresh();
    return true;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    // A reconcile under way stops at its next file; wait for it before closing what it writes to.
    Thread reconciling = background;
    if (reconciling != null) {
      try {
        if (!reconciling.join(RECONCILE_STOP_WAIT)) {
          LOG.warn("The reconcile of {} did not stop within {}", paths.root(), RECONCILE_STOP_WAIT);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    workers.close();
    queryAnalyzer.close();
    memoryAnalyzer.close();
    store.close();
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new DiztlException(
          "expected the index of share " + paths.root() + " to be open, found it closed");
    }
  }
}
