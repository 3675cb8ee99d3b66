package io.diztl.index;

import java.util.Optional;

/**
 * A file the index has just written: added, changed, hashed or given its extracted metadata. Handed
 * to the listener of {@link ShareIndex#onWritten} on the writing thread; {@link #match} may run on
 * any one thread at a time.
 *
 * @since 0.3
 */
public interface WrittenFile {

  /** The file as written, with neither score nor what matched. */
  IndexedFile file();

  /**
   * The file with what matched it when {@code query} matches it, as a search would say (with a
   * score of 0: a single file has nothing to rank against); empty otherwise. The first call builds
   * an in-memory index of the file, the others reuse it.
   *
   * @throws io.diztl.api.DiztlException when a search matcher's query fails on it
   */
  Optional<IndexedFile> match(StandingQuery query);
}
