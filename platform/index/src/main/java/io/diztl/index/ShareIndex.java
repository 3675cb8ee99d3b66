package io.diztl.index;

import io.diztl.api.DiztlException;
import io.diztl.api.SearchQuery;
import io.diztl.index.internal.DefaultShareIndex;
import io.diztl.index.internal.DocumentMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The live index of one share folder, kept on disk with Lucene.
 *
 * <p>{@link #open} reuses the stored index; {@link #reconcile()} brings it in line with the disk
 * and the watcher keeps it there through {@link #fileChanged} and {@link #fileDeleted}. Writes
 * become searchable within about 50 ms (a background refresh) and are committed every few seconds
 * and on {@link #close()}. Files are hashed (SHA-256) on one background thread. Symbolic links,
 * non-regular files, excluded folders, the index folder itself and transfer files ({@code
 * *.diztl-part}, {@code .diztl-*}) are never indexed.
 *
 * <p>Every method may be called from several threads at once.
 */
public final class ShareIndex implements AutoCloseable {

  private final DefaultShareIndex delegate;

  private ShareIndex(DefaultShareIndex delegate) {
    this.delegate = delegate;
  }

  /**
   * Opens (or creates) the index described by {@code config}; does not scan the share.
   *
   * @throws DiztlException when the share is not a folder or the index cannot be opened (for
   *     instance because another process holds it)
   */
  public static ShareIndex open(IndexConfig config) {
    Objects.requireNonNull(config, "config");
    return new ShareIndex(DefaultShareIndex.open(config));
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
   * or modification time changed, removes those that are gone, and queues missing hashes. Blocking;
   * the result is searchable when it returns.
   */
  public void reconcile() {
    delegate.reconcile();
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
   * Runs a query; best first, at most {@link SearchQuery#limit()} files. A query without words and
   * without filters returns nothing.
   */
  public List<IndexedFile> search(SearchQuery query) {
    Objects.requireNonNull(query, "query");
    return delegate.search(query);
  }

  /** The file with this id, if indexed. */
  public Optional<IndexedFile> get(String id) {
    Objects.requireNonNull(id, "id");
    return delegate.get(id);
  }

  /**
   * The absolute path of an indexed file (not checked for symlinks).
   *
   * @throws DiztlException when the file's path leads out of the share
   */
  public Path resolve(IndexedFile file) {
    Objects.requireNonNull(file, "file");
    return delegate.resolve(file);
  }

  /**
   * The file's SHA-256 as it is on disk now: the stored one while size and modification time still
   * match, else computed at once (and stored).
   *
   * @throws DiztlException when the file is gone, no longer a regular file inside the share, or
   *     cannot be read
   */
  public String sha256(IndexedFile file) {
    Objects.requireNonNull(file, "file");
    return delegate.sha256(file);
  }

  /** Counts of files, bytes and hashed files, as of the last refresh. */
  public IndexStats stats() {
    return delegate.stats();
  }

  /** The share folder (absolute, normal). */
  public Path shareDir() {
    return delegate.shareDir();
  }

  /**
   * Waits until no file waits to be hashed, then refreshes the searcher so every write so far is
   * searchable. Meant for tests and benchmarks.
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
