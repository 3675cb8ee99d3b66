package io.diztl.index;

import io.diztl.api.SearchQuery;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The live index of one share folder. TODO(helper): implement.
 */
public final class ShareIndex implements AutoCloseable {

  private ShareIndex() {}

  /** Opens (or creates) the index described by {@code config}. */
  public static ShareIndex open(IndexConfig config) {
    throw new UnsupportedOperationException("not yet");
  }

  /** The stable id of the file at {@code relativePath} ('/' separators). */
  public static String idOf(String relativePath) {
    throw new UnsupportedOperationException("not yet");
  }

  /** Walks the share and brings the index in line with it; queues missing hashes. Blocking. */
  public void reconcile() {
    throw new UnsupportedOperationException("not yet");
  }

  /** Re-reads one file (absolute path) after the watcher saw it change; removes it if gone. */
  public void fileChanged(Path file) {
    throw new UnsupportedOperationException("not yet");
  }

  /** Removes a deleted file, or every file under a deleted folder (absolute path). */
  public void fileDeleted(Path path) {
    throw new UnsupportedOperationException("not yet");
  }

  /** Runs a query; best first. */
  public List<IndexedFile> search(SearchQuery query) {
    throw new UnsupportedOperationException("not yet");
  }

  /** The file with this id, if indexed. */
  public Optional<IndexedFile> get(String id) {
    throw new UnsupportedOperationException("not yet");
  }

  /** The absolute path of an indexed file (not checked for symlinks). */
  public Path resolve(IndexedFile file) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * The file's SHA-256 as it is on disk now: the stored one while size and modification time
   * still match, else computed at once (and stored).
   */
  public String sha256(IndexedFile file) {
    throw new UnsupportedOperationException("not yet");
  }

  /** Counts of files, bytes and hashed files. */
  public IndexStats stats() {
    throw new UnsupportedOperationException("not yet");
  }

  /** The share folder. */
  public Path shareDir() {
    throw new UnsupportedOperationException("not yet");
  }

  @Override
  public void close() {}
}
