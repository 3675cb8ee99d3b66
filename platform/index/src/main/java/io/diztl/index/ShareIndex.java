package io.diztl.index;

import io.diztl.api.DiztlException;
import io.diztl.api.SearchQuery;
import io.diztl.index.internal.DefaultShareIndex;
import io.diztl.index.internal.DocumentMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The live index of one share folder, kept on disk with Lucene.
 *
 * <p>{@link #open} reuses the stored index; {@link #reconcile()} brings it in line with the disk
 * and the watcher keeps it there through {@link #fileChanged} and {@link #fileDeleted}. Changes the
 * watcher reports become searchable within about 50 ms (a background refresh), hashes and metadata
 * found in the background within about a second, and the files a running reconcile found about once
 * a second; writes are committed every few seconds and on {@link #close()}. Files are hashed
 * (SHA-256) on one background thread, in batches, and their metadata is extracted through a {@link
 * MetadataSource} on another. Symbolic links, non-regular files, excluded folders, the index folder
 * itself and transfer files ({@code *.diztl-part}, {@code .diztl-*}) are never indexed.
 *
 * <p>Queries are written in diztl's query language: words matched against names and text metadata,
 * {@code field:value}, comparisons such as {@code size>10M} or {@code pages>100}, matcher prefixes
 * such as {@code fuzzy:holidy}, and {@code -term} exclusions (see the README).
 *
 * <p>Every method may be called from several threads at once.
 */
public final class ShareIndex implements AutoCloseable {

  /** Entries in a folder page when the caller asks for no particular number. */
  public static final int DEFAULT_PAGE_SIZE = 500;

  /** The most entries in one folder page; larger requests get this many. */
  public static final int MAX_PAGE_SIZE = 1000;

  /** How long {@link #search(SearchQuery)} may run. */
  public static final Duration DEFAULT_SEARCH_TIME_LIMIT = Duration.ofSeconds(10);

  private final DefaultShareIndex delegate;

  private ShareIndex(DefaultShareIndex delegate) {
    this.delegate = delegate;
  }

  /**
   * Opens (or creates) the index described by {@code config}, without metadata extractors or
   * matchers; does not scan the share.
   *
   * @throws DiztlException when the share is not a folder or the index cannot be opened (for
   *     instance because another process holds it)
   */
  public static ShareIndex open(IndexConfig config) {
    return open(config, MetadataSource.NONE);
  }

  /**
   * Opens (or creates) the index described by {@code config}, taking metadata and matchers from
   * {@code source}; does not scan the share.
   *
   * @throws DiztlException when the share is not a folder or the index cannot be opened (for
   *     instance because another process holds it)
   */
  public static ShareIndex open(IndexConfig config, MetadataSource source) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(source, "source");
    return new ShareIndex(DefaultShareIndex.open(config, source));
  }

  /**
   * The stable id of the file at {@code relativePath} ('/' separators): the first 12 bytes of the
   * SHA-256 of its UTF-8 form, as 24 lower-case hex characters.
   */
  public static String idOf(String relativePath) {
    Objects.requireNonNull(relativePath, "relativePath");
    return DocumentMapper.idOf(relativePath);
  }

  /**
   * Walks the share and brings the index in line with it: adds new files, updates those whose size
   * or modification time changed, removes those that are gone, and queues missing hashes and files
   * whose metadata was extracted with other extractors than the source's current ones. Blocking;
   * the result is searchable when it returns (metadata and hashes follow in the background).
   */
  public void reconcile() {
    delegate.reconcile();
  }

  /**
   * Starts {@link #reconcile()} on a thread of its own and returns at once: searches, listings and
   * stats answer meanwhile from what is indexed so far (refreshed every few seconds), {@link
   * #filesScanned()} tells how far the walk is, {@link #awaitIdle} waits for its end and {@link
   * #close()} stops it at the next file (keeping what it wrote, removing nothing). Call it once.
   *
   * @throws IllegalStateException when it was called before
   * @since 0.2
   */
  public void reconcileInBackground() {
    delegate.reconcileInBackground();
  }

  /**
   * Waits until the reconcile started by {@link #reconcileInBackground()} has ended.
   *
   * @return true when it has ended (or none was started), false when {@code timeout} passed first
   *     or the thread was interrupted
   * @since 0.2
   */
  public boolean awaitScan(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    try {
      return delegate.awaitScan(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * How many files the reconcile under way has seen so far, or -1 when none runs (nor is about to).
   *
   * @since 0.2
   */
  public long filesScanned() {
    return delegate.filesScanned();
  }

  /**
   * Queues, for extraction in the background, every indexed file whose metadata was extracted with
   * other extractors than {@link MetadataSource#extractorsVersion()} names now. Call it when
   * extractors come or go.
   */
  public void reextract() {
    delegate.reextract();
  }

  /**
   * Re-reads one file (absolute path) after the watcher saw it change; removes it if gone. Paths
   * outside the share or in excluded folders are ignored, and so are folders (their files are
   * reported one by one).
   */
  public void fileChanged(Path file) {
    Objects.requireNonNull(file, "file");
    delegate.fileChanged(file);
  }

  /** Removes a deleted file, or every file under a deleted folder (absolute path). */
  public void fileDeleted(Path path) {
    Objects.requireNonNull(path, "path");
    delegate.fileDeleted(path);
  }

  /**
   * Runs a query; best first, at most {@link SearchQuery#limit()} files, each with its metadata and
   * what matched it. A query without a positive term and without filters returns nothing; a field
   * no extractor here declares matches nothing.
   *
   * @throws InvalidQueryException when the text is not a valid query ({@code invalid query at
   *     character N: ...})
   * @throws DiztlException when a search matcher fails, or of kind {@code TIMED_OUT} after {@link
   *     #DEFAULT_SEARCH_TIME_LIMIT}
   */
  public List<IndexedFile> search(SearchQuery query) {
    return search(query, DEFAULT_SEARCH_TIME_LIMIT, () -> false);
  }

  /**
   * Runs a query as {@link #search(SearchQuery)} does, within {@code timeLimit} and only while
   * {@code cancelled} says no. A search that runs out of time fails rather than returning the files
   * found so far: those would be a best-first list with its best entries possibly missing. At most
   * a few searches (about one per core) run at once; the others wait for a slot within their time
   * limit.
   *
   * @param timeLimit how long it may take, such as what is left of the caller's deadline
   * @param cancelled whether the caller has gone, such as {@code Context.current()::isCancelled};
   *     checked while documents are matched
   * @throws InvalidQueryException when the text is not a valid query, or one beyond the bounds on
   *     its length (4 KiB), terms (64), words (64, 32 in one phrase) or matcher terms (8)
   * @throws DiztlException of kind {@code TIMED_OUT} when the time limit passes first, {@code
   *     CANCELLED} when {@code cancelled} says yes, {@code RESOURCE_EXHAUSTED} when no search slot
   *     frees up in time; or when a search matcher fails
   */
  public List<IndexedFile> search(
      SearchQuery query, Duration timeLimit, BooleanSupplier cancelled) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(timeLimit, "timeLimit");
    Objects.requireNonNull(cancelled, "cancelled");
    return delegate.search(query, timeLimit, cancelled);
  }

  /**
   * Checks that {@code text} is a valid query for this node, without running it.
   *
   * @throws InvalidQueryException {@code invalid query at character N: expected ..., found ...}
   *     when it is not
   * @throws DiztlException when a search matcher fails
   */
  public void validateQuery(String text) {
    Objects.requireNonNull(text, "text");
    delegate.validateQuery(text);
  }

  /**
   * Compiles {@code query} for matching single files as they are written (see {@link #onWritten}),
   * with the parser, fields and matchers a search uses now.
   *
   * @throws InvalidQueryException when the text is not a valid query, or has neither a word nor a
   *     filter
   * @throws DiztlException when a search matcher fails
   * @since 0.3
   */
  public StandingQuery compileStanding(SearchQuery query) {
    Objects.requireNonNull(query, "query");
    return delegate.compileStanding(query);
  }

  /**
   * Tells {@code listener} of every file the index writes from now on: added, changed, hashed or
   * given its extracted metadata (so one file may come several times). Called on the writing
   * thread, which it must not hold up: hand the file to another thread to match it. Replaces the
   * previous listener.
   *
   * @since 0.3
   */
  public void onWritten(Consumer<WrittenFile> listener) {
    Objects.requireNonNull(listener, "listener");
    delegate.onWritten(listener);
  }

  /** The file with this id, if indexed. */
  public Optional<IndexedFile> get(String id) {
    Objects.requireNonNull(id, "id");
    return delegate.get(id);
  }

  /**
   * Which of these SHA-256 hashes (lower-case hex) some indexed file has, as of the last refresh;
   * one look-up per hash, cheap enough for every search result.
   *
   * @since 0.2
   */
  public Set<String> knownHashes(Collection<String> sha256s) {
    Objects.requireNonNull(sha256s, "sha256s");
    return delegate.knownHashes(sha256s);
  }

  /**
   * The file's content identity as it is on disk now (the SHA-256 Merkle root of {@link
   * PieceHashes}): the stored one while size and modification time still match, else computed at
   * once (and stored).
   *
   * @throws DiztlException when the file is gone, no longer a regular file inside the share, or
   *     cannot be read
   */
  public String sha256(IndexedFile file) {
    Objects.requireNonNull(file, "file");
    return delegate.sha256(file);
  }

  /**
   * The content identity and piece hashes of {@code file} (see {@link PieceHashes}), hashing it
   * first (one read) when they are unknown or were not kept.
   *
   * @throws DiztlException if the file is gone, outside the share, unreadable, or keeps changing
   *     while it is hashed
   */
  public PieceHashes pieces(IndexedFile file) {
    Objects.requireNonNull(file, "file");
    return delegate.pieces(file);
  }

  /**
   * One page of a folder of the share as the index holds it (as of the last refresh): its
   * sub-folders first, each with the total size, count and newest modification of the files under
   * it at any depth, then its files; each group by name ignoring case, then by exact name. Pages
   * follow on by name, not by position, so files that come or go between two calls never make an
   * entry repeat or be skipped, except the ones that changed. The folder must be a real folder of
   * the share, reached through no symbolic link (the check {@link #confine} makes); the share
   * itself lists even while empty.
   *
   * @param folder the folder relative to the share, '/'-separated, empty for the share itself; one
   *     trailing '/' is tolerated
   * @param pageToken empty for the first page, else the {@link FolderPage#nextPageToken()} of the
   *     previous page
   * @param pageSize the most entries wanted: 0 means {@value #DEFAULT_PAGE_SIZE}, more than {@value
   *     #MAX_PAGE_SIZE} means {@value #MAX_PAGE_SIZE}
   * @throws DiztlException of kind {@code INVALID_ARGUMENT} for a malformed path (absolute, with a
   *     {@code .}, {@code ..} or empty segment, a backslash or a control character, or over 4096
   *     bytes), page token or page size; {@code PERMISSION_DENIED} for a folder that leads out of
   *     the share or through a symbolic link; {@code NOT_FOUND} for a folder the index holds no
   *     file under
   */
  public FolderPage list(String folder, String pageToken, int pageSize) {
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(pageToken, "pageToken");
    return delegate.list(folder, pageToken, pageSize);
  }

  /**
   * The real path of the file or folder at {@code relativePath} ('/'-separated, empty for the share
   * itself), checked to lie inside the share and to be reached through no symbolic link. Everything
   * a request reads goes through this check.
   *
   * @throws DiztlException of kind {@code PERMISSION_DENIED} when the path leads out of the share
   *     or through a symbolic link, {@code NOT_FOUND} when nothing is there
   */
  public Path confine(String relativePath) {
    Objects.requireNonNull(relativePath, "relativePath");
    return delegate.confine(relativePath);
  }

  /**
   * Every word that a plain query word can match here (the terms of file names and text metadata,
   * as searches see them now), for a {@link RoutingKeys routing} summary of this share; terms of
   * removed files may linger for a while.
   *
   * @since 0.3
   */
  public RoutingTerms routingTerms() {
    return delegate.routingTerms();
  }

  /**
   * The version of what searches see: it changes with every change they can see.
   *
   * @since 0.3
   */
  public long version() {
    return delegate.version();
  }

  /** Counts of files, bytes and hashed files, as of the last refresh. */
  public IndexStats stats() {
    return delegate.stats();
  }

  /**
   * How many files wait for their metadata to be extracted (or are being extracted) right now: the
   * extraction's backlog, for progress displays.
   *
   * @since 0.2
   */
  public int filesAwaitingMetadata() {
    return delegate.filesAwaitingMetadata();
  }

  /** The share folder (absolute, normal). */
  public Path shareDir() {
    return delegate.shareDir();
  }

  /**
   * Waits until no file waits to be hashed or extracted, then refreshes the searcher so every write
   * so far is searchable. Meant for tests and benchmarks.
   *
   * @return true when idle, false when {@code timeout} passed first (or the thread was interrupted)
   */
  public boolean awaitIdle(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    return delegate.awaitIdle(timeout);
  }

  /** Stops the background threads (bounded wait), commits and closes the index. Idempotent. */
  @Override
  public void close() {
    delegate.close();
  }
}
