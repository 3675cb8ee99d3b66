package io.diztl.index;

import java.util.Set;

/**
 * The words plain query words can match in a share, as of one version of its index.
 *
 * @param version the index version they were read at ({@link ShareIndex#version()})
 * @param terms the terms of file names and text metadata
 * @since 0.3
 */
public record RoutingTerms(long version, Set<String> terms) {

  /** Copies the terms. */
  public RoutingTerms {
    terms = Set.copyOf(terms);
  }
}
