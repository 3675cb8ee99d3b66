package io.diztl.index;

import java.util.Set;

/**
 * The words plain query words can match in a share, as of one version of its index, and the keys of
 * its files' extensions and content hashes ({@link RoutingKeys#extension(String)}, {@link
 * RoutingKeys#sha256(String)}).
 *
 * @param version the index version they were read at ({@link ShareIndex#version()})
 * @param terms the terms of file names and text metadata
 * @param fieldKeys the extension and hash keys of the share's files, matched whole
 * @since 0.3
 */
public record RoutingTerms(long version, Set<String> terms, Set<String> fieldKeys) {

  /** Copies the terms and keys. */
  public RoutingTerms {
    terms = Set.copyOf(terms);
    fieldKeys = Set.copyOf(fieldKeys);
  }

  /** Terms without extension or hash keys. */
  public RoutingTerms(long version, Set<String> terms) {
    this(version, terms, Set.of());
  }
}
