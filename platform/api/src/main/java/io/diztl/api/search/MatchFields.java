package io.diztl.api.search;

/**
 * The index fields a {@link SearchMatcher} may build its query on.
 *
 * @since 0.1
 */
public interface MatchFields {

  /**
   * The field holding a file name's words: split at punctuation, camelCase and digits, lower-cased
   * and folded to ASCII ({@code Holiday_Photo-2019.JPG} holds {@code holiday}, {@code photo},
   * {@code 2019}, {@code jpg}).
   */
  String nameWords();

  /** The field holding the whole file name, lower-cased, as one term ({@code holiday_photo-2019.jpg}). */
  String nameExact();

  /** The field holding the whole path relative to the share, lower-cased, as one term. */
  String pathExact();
}
