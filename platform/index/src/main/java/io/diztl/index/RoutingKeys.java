package io.diztl.index;

import io.diztl.index.internal.RoutingQuery;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The keys of query routing: what a share's summary holds, and which of them a query needs. A
 * share's keys are its {@link ShareIndex#routingTerms() terms} and their first one to {@value
 * #PREFIX_CHARS} characters; a query needs each plain word it must match (the last one, matched as
 * a prefix, by its first {@value #PREFIX_CHARS} characters). A share whose keys lack one that a
 * query needs has no file that matches it, so such a share need not be asked. The extensions and
 * content hashes of a share's files are keys too ({@link #extension(String)}, {@link
 * #sha256(String)}), so that {@code ext:} and {@code hash:}/{@code sha256:} terms are routed only
 * to the shares holding such a file; a summary with them says so with {@link #FIELD_KEYS}. Other
 * field terms, negations, matchers and filters narrow a search further but need no key.
 *
 * @since 0.3
 */
public final class RoutingKeys {

  /** How many leading characters of a word stand for it when it is matched as a prefix. */
  public static final int PREFIX_CHARS = 3;

  /**
   * The key a share's keys hold when they include its extension and hash keys: without it (a node
   * of an older version), a query needing such keys cannot be judged by them.
   */
  public static final String FIELD_KEYS = "keys:ext,sha256";

  private RoutingKeys() {}

  /**
   * The key of files with extension {@code extension}, as {@code ext:} matches it: without a
   * leading dot, in lower case.
   */
  public static String extension(String extension) {
    String normal = extension.strip().toLowerCase(Locale.ROOT);
    return "ext:" + (normal.startsWith(".") ? normal.substring(1) : normal);
  }

  /** The key of files whose content has the SHA-256 {@code hex}, as {@code hash:} matches it. */
  public static String sha256(String hex) {
    return "sha256:" + hex.strip().toLowerCase(Locale.ROOT);
  }

  /**
   * Whether {@code key} is an extension or hash key, which only {@link #FIELD_KEYS} shares hold.
   */
  public static boolean isFieldKey(String key) {
    return key.startsWith("ext:") || key.startsWith("sha256:");
  }

  /**
   * Passes {@code keys} the keys of a share with {@code terms}: its words and their prefixes, its
   * extension and hash keys, and {@link #FIELD_KEYS}.
   */
  public static void ofShare(RoutingTerms terms, Consumer<String> keys) {
    ofShare(terms.terms(), keys);
    terms.fieldKeys().forEach(keys);
    keys.accept(FIELD_KEYS);
  }

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
   * query needs none (it has no plain word, {@code ext:} or hash term) or is not valid, so that
   * every share is asked.
   */
  public static Optional<List<String>> required(String text) {
    List<String> keys = RoutingQuery.requiredWords(text, PREFIX_CHARS);
    return keys.isEmpty() ? Optional.empty() : Optional.of(keys);
  }
}
