package io.diztl.index;

import io.diztl.api.SearchQuery;

/**
 * A query compiled once by {@link ShareIndex#compileStanding(SearchQuery)} for matching single
 * files as the index writes them (see {@link WrittenFile#match}). Immutable and thread-safe.
 *
 * @since 0.3
 */
public interface StandingQuery {

  /** The query it was compiled from. */
  SearchQuery query();
}
