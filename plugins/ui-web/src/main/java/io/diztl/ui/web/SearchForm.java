package io.diztl.ui.web;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.FileType;
import io.diztl.api.SearchQuery;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A search as the user typed it: the query text and the filters, as the search page and {@code GET
 * /api/v1/search} take them ({@code q}, {@code type}, {@code min_size}, {@code max_size}, {@code
 * ext}, {@code limit}). Sizes are bytes or a number with a unit ({@code 500k}, {@code 1.5 GiB}).
 *
 * @param q the query in diztl's query language
 * @param type a type name, empty for any
 * @param minSize the smallest size as typed, empty for none
 * @param maxSize the largest size as typed, empty for none
 * @param ext an extension, empty for any
 * @param limit the most results per node as typed, empty for the node default
 */
public record SearchForm(
    String q, String type, String minSize, String maxSize, String ext, String limit) {

  private static final Pattern SIZE =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(i?b?)", Pattern.CASE_INSENSITIVE);

  /** Reads the form from request parameters (absent ones are empty). */
  static SearchForm of(Function<String, String> param) {
    Function<String, String> get =
        name -> Optional.ofNullable(param.apply(name)).orElse("").strip();
    return new SearchForm(
        get.apply("q"),
        get.apply("type").toLowerCase(Locale.ROOT),
        get.apply("min_size"),
        get.apply("max_size"),
        get.apply("ext"),
        get.apply("limit"));
  }

  /** Whether nothing was asked: no text and no filter. */
  public boolean empty() {
    return q.isEmpty() && type.isEmpty() && minSize.isEmpty() && maxSize.isEmpty() && ext.isEmpty();
  }

  /**
   * The query the node runs.
   *
   * @throws DiztlException {@code INVALID_ARGUMENT} naming the parameter that is wrong
   */
  SearchQuery toQuery() {
    Optional<FileType> fileType;
    try {
      fileType = type.isEmpty() ? Optional.empty() : Optional.of(FileType.parse(type));
    } catch (DiztlException e) {
      throw new DiztlException(ErrorKind.INVALID_ARGUMENT, e.getMessage());
    }
    int perNode = limit.isEmpty() ? SearchQuery.DEFAULT_LIMIT : parseLimit(limit);
    try {
      return new SearchQuery(
          q,
          fileType,
          parseSize("min_size", minSize),
          parseSize("max_size", maxSize),
          ext.isEmpty() ? Optional.empty() : Optional.of(ext),
          perNode);
    } catch (DiztlException e) {
      throw new DiztlException(ErrorKind.INVALID_ARGUMENT, e.getMessage());
    }
  }

  /** The form as URL parameters ({@code q=...&type=...}), without the empty ones. */
  public String query() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("q", q);
    params.put("type", type);
    params.put("min_size", minSize);
    params.put("max_size", maxSize);
    params.put("ext", ext);
    params.put("limit", limit);
    StringBuilder out = new StringBuilder();
    params.forEach(
        (name, value) -> {
          if (!value.isEmpty()) {
            out.append(out.isEmpty() ? "" : "&")
                .append(name)
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
          }
        });
    return out.toString();
  }

  /** Bytes of a size such as {@code 1048576}, {@code 500k}, {@code 1.5 GiB}; 0 for empty. */
  static long parseSize(String name, String text) {
    if (text.isEmpty()) {
      return 0;
    }
    Matcher m = SIZE.matcher(text.strip());
    if (!m.matches()) {
      throw new DiztlException(
          ErrorKind.INVALID_ARGUMENT,
          name + " must be a size such as 1048576, 500k or 1.5GiB, found '" + text + "'");
    }
    String unit = m.group(2).toLowerCase(Locale.ROOT);
    int shift = unit.isEmpty() ? 0 : "kmgt".indexOf(unit) + 1;
    BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1L << (10 * shift)));
    if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new DiztlException(ErrorKind.INVALID_ARGUMENT, name + " is too large: " + text);
    }
    return bytes.longValue();
  }

  private static int parseLimit(String text) {
    try {
      int value = Integer.parseInt(text);
      if (value >= 1) {
        return value;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new DiztlException(
        ErrorKind.INVALID_ARGUMENT,
        "limit must be a whole number from 1 to "
            + SearchQuery.MAX_LIMIT
            + ", found '"
            + text
            + "'");
  }
}
