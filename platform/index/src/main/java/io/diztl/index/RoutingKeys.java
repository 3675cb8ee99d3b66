package io.diztl.index;

import io.diztl.index.internal.RoutingQuery;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The keys of query routing: what a share's summary holds, and which of them a query needs. A
 * share's keys are its {@link ShareIndex#routingTerms() terms} and their first one to {@value
 * #PREFIX_CHARS} characters; a query needs each plain word it must match (the last one, matched as
 * a prefix, by its first {@value #PREFIX_CHARS} characters). A share whose keys lack one that a
 * query needs has no file that matches it, so such a share need not be asked; field terms,
 * negations, matchers and filters narrow a search further but need no key.
 *
 * @since 0.3
 */
public final class RoutingKeys {

  /** How many leading characters of a word stand for it when it is matched as a prefix. */
  public static final int PREFIX_CHARS = 3;

  private RoutingKeys() {}

  /** Passes {@code keys} the keys of a share with {@code terms}. */
  public static void ofShare(Collection<String> terms, Consumer<String> keys) {
    for (String term : terms) {
      keys.accept(term);
      for (int length = 1; length <= PREFIX_CHARS && length < term.length(); length++) {
        keys.accept(term.substring(0, length));
      }
    }
  }

  /**
   * The keys a share must hold for any of its files to match the query {@code text}; empty when the
   * query needs none (it has no plain word) or is not valid, so that every share is asked.
   */
  public static Optional<List<String>> required(String text) {
    List<String> keys = RoutingQuery.requiredWords(text, PREFIX_CHARS);
    return keys.isEmpty() ? Optional.empty() : Optional.of(keys);
  }
}
