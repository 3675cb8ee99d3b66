package io.diztl.launcher;

import io.diztl.api.DiztlException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes as people type and read them: {@code 500}, {@code 10M}, {@code 1.5GiB}; 1024-based.
 */
final class Sizes {

  private static final String UNITS = "KMGT";
  private static final Pattern SIZE =
      Pattern.compile(
          "(\\d+(?:\\.\\d*)?|\\.\\d+)\\s*(?:([KMGT])(?:I?B)?|B)?", Pattern.CASE_INSENSITIVE);

  private Sizes() {}

  /**
   * Parses a size: a whole number of bytes, or a number (decimals allowed) with K, M, G or T, each
   * 1024 times the previous, optionally followed by B or iB; any case.
   *
   * @throws DiztlException saying what is accepted when {@code text} is not such a size
   */
  static long parse(String text) {
    String trimmed = text.strip();
    if (trimmed.startsWith("-")) {
      throw new DiztlException("size must not be negative, found '" + text + "'");
    }
    Matcher matcher = SIZE.matcher(trimmed);
    if (!matcher.matches()) {
      throw new DiztlException(
          "invalid size '"
              + text
              + "': expected bytes or a number with K, M, G or T (1024-based), such as 500K or"
              + " 1.5G");
    }
    BigDecimal number = new BigDecimal(matcher.group(1));
    if (matcher.group(2) == null && number.stripTrailingZeros().scale() > 0) {
      throw new DiztlException(
          "invalid size '"
              + text
              + "': a number of bytes must be whole; add K, M, G or T for fractions");
    }
    int power =
        matcher.group(2) == null ? 0 : UNITS.indexOf(matcher.group(2).toUpperCase(Locale.ROOT)) + 1;
    BigDecimal bytes =
        number.multiply(BigDecimal.valueOf(1024).pow(power)).setScale(0, RoundingMode.HALF_UP);
    if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new DiztlException("size '" + text + "' is too large: at most 2^63 - 1 bytes");
    }
    return bytes.longValueExact();
  }

  /** Formats a size for reading: {@code 512 B}, {@code 3.0 MiB}, {@code 1.5 GiB}. */
  static String format(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < UNITS.length() - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %siB", value, UNITS.charAt(unit));
  }
}
