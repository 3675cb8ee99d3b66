package io.diztl.api.search;

import org.apache.lucene.search.Query;
import org.pf4j.ExtensionPoint;

/**
 * A way of matching files that a plugin adds to the query language: the part of a query written
 * {@code prefix:argument} (or {@code prefix:"argument with spaces"}) is turned by the matcher into a
 * Lucene {@link Query} on each node, combined with the rest of the query by AND. Results then say
 * which matcher matched them.
 *
 * <p><b>Discovery.</b> pf4j finds implementations annotated with {@code @org.pf4j.Extension} in
 * the node's plugins, including plugins dropped in while the node runs.
 *
 * <p><b>Threads.</b> {@link #toQuery} is called on request threads, possibly concurrently: it must
 * be thread-safe and quick, and must not do I/O.
 *
 * <p><b>Failures.</b> {@link #toQuery} throws {@link IllegalArgumentException} with a message for
 * the user when the argument is not valid for it (a malformed regular expression, say); the search
 * then fails with that message. Any other exception is reported as a failure of the plugin.
 *
 * <p><b>Order.</b> Prefixes are unique: when two matchers claim the same prefix, the one of the
 * plugin with the smaller id wins and the other is reported by {@code diztl plugins}. Field names
 * of metadata extractors and the built-in filters ({@code type:}, {@code ext:}, ...) take
 * precedence over matcher prefixes.
 *
 * @since 0.1
 */
public interface SearchMatcher extends ExtensionPoint {

  /** The prefix users type before the colon: lower-case letters, such as {@code fuzzy}. */
  String prefix();

  /** One line saying what the matcher does, with an example, for help and listings. */
  String description();

  /**
   * The query for one argument.
   *
   * @param argument the text after {@code prefix:}, unquoted; never blank
   * @param fields the index fields to build on
   * @throws IllegalArgumentException when the argument is not valid for this matcher
   */
  Query toQuery(String argument, MatchFields fields);
}
