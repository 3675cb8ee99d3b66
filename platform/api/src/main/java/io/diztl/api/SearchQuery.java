package io.diztl.api;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A search as a node runs it against its own index.
 *
 * @param text words matched against file names: all must match, the last as a prefix; may be blank
 *     when a filter alone selects the files
 * @param type only files of this type, or empty for any
 * @param minSize only files of at least this many bytes (0: no lower bound)
 * @param maxSize only files of at most this many bytes (0: no upper bound)
 * @param extension only files with this lower-case extension, without dot, or empty for any
 * @param limit the most results to return, at least 1
 */
public record SearchQuery(
    String text,
    Optional<FileType> type,
    long minSize,
    long maxSize,
    Optional<String> extension,
    int limit) {

  /** Results per node when a query does not say. */
  public static final int DEFAULT_LIMIT = 100;

  /** The most results a node returns for one query, whatever the query asks. */
  public static final int MAX_LIMIT = 1000;

  /**
   * The longest query text, in bytes of UTF-8: the tracker refuses a longer one before relaying it,
   * and each node's parser refuses it too.
   *
   * @since 0.2
   */
  public static final int MAX_TEXT_BYTES = 4096;

  /** Checks and normalises the parts. */
  public SearchQuery {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(extension, "extension");
    if (minSize < 0 || maxSize < 0) {
      throw new DiztlException(
          ErrorKind.INVALID_ARGUMENT,
          "sizes must not be negative, found min " + minSize + ", max " + maxSize);
    }
    if (maxSize > 0 && minSize > maxSize) {
      throw new DiztlException(
          ErrorKind.INVALID_ARGUMENT,
          "minimum size " + minSize + " is larger than maximum size " + maxSize);
    }
    if (limit < 1) {
      throw new DiztlException(
          ErrorKind.INVALID_ARGUMENT, "limit must be at least 1, found " + limit);
    }
    limit = Math.min(limit, MAX_LIMIT);
    extension =
        extension
            .map(ext -> ext.strip().toLowerCase(Locale.ROOT))
            .map(ext -> ext.startsWith(".") ? ext.substring(1) : ext)
            .filter(ext -> !ext.isEmpty());
  }

  /** A query for names only, with the default limit. */
  public static SearchQuery ofText(String text) {
    return new SearchQuery(text, Optional.empty(), 0, 0, Optional.empty(), DEFAULT_LIMIT);
  }
}
