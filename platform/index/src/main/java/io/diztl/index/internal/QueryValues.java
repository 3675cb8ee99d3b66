package io.diztl.index.internal;

import io.diztl.index.internal.QueryTerm.Operator;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the values of comparisons ({@code pages>100}, {@code size:1M..2G}, {@code
 * modified<2024-03}) into closed ranges of doubles. Dates are days, months or years in UTC, as
 * ranges of epoch milliseconds; sizes take K, M, G and T suffixes (1024-based).
 */
final class QueryValues {

  /** What kind of value a field compares. */
  enum Kind {
    NUMBER("a number such as 100 or 2.5"),
    SIZE("a size such as 700, 64K, 1.5M or 2G"),
    DATE("a date written YYYY-MM-DD, YYYY-MM or YYYY");

    private final String expected;

    Kind(String expected) {
      this.expected = expected;
    }
  }

  /**
   * A closed range; empty ranges ({@code low > high}) match nothing.
   *
   * @param low lowest value included
   * @param high highest value included
   */
  record Range(double low, double high) {}

  private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)");
  private static final Pattern SIZE =
      Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(?:([kmgt])i?)?b?", Pattern.CASE_INSENSITIVE);
  private static final Pattern DATE = Pattern.compile("(\\d{4})(?:-(\\d{1,2})(?:-(\\d{1,2}))?)?");
  private static final String RANGE = "..";

  private QueryValues() {}

  /**
   * The range {@code term} selects for a field of {@code kind}; integral kinds (sizes, dates) get
   * integral bounds.
   *
   * @throws io.diztl.api.DiztlException saying where the value is not valid
   */
  static Range range(QueryTerm term, Kind kind) {
    String value = term.value().strip();
    if (term.operator() == Operator.EQUALS && value.contains(RANGE)) {
      int dots = value.indexOf(RANGE);
      String lowText = value.substring(0, dots).strip();
      String highText = value.substring(dots + RANGE.length()).strip();
      if (lowText.isEmpty() && highText.isEmpty()) {
        throw term.badValue("a range such as 10..20, 10.. or ..20");
      }
      double low = lowText.isEmpty() ? Double.NEGATIVE_INFINITY : parse(term, lowText, kind).low();
      double high =
          highText.isEmpty() ? Double.POSITIVE_INFINITY : parse(term, highText, kind).high();
      if (low > high) {
        throw term.badValue("a range from low to high");
      }
      return new Range(low, high);
    }
    Range exact = parse(term, value, kind);
    boolean integral = kind != Kind.NUMBER;
    return switch (term.operator()) {
      case EQUALS, NONE -> exact;
      case GREATER ->
          new Range(
              integral ? exact.high() + 1 : Math.nextUp(exact.high()), Double.POSITIVE_INFINITY);
      case GREATER_OR_EQUAL -> new Range(exact.low(), Double.POSITIVE_INFINITY);
      case LESS ->
          new Range(
              Double.NEGATIVE_INFINITY, integral ? exact.low() - 1 : Math.nextDown(exact.low()));
      case LESS_OR_EQUAL -> new Range(Double.NEGATIVE_INFINITY, exact.high());
    };
  }

  /**
   * Checks a comparison on a field this node does not know: whatever the field is on other nodes,
   * its value must read as a number, a size or a date, so a malformed value is an error everywhere.
   *
   * @throws io.diztl.api.DiztlException saying where the value is not valid
   */
  static void checkComparable(QueryTerm term) {
    for (Kind kind : Kind.values()) {
      try {
        range(term, kind);
        return;
      } catch (io.diztl.api.DiztlException notThisKind) {
        // try the next kind
      }
    }
    range(term, Kind.NUMBER);
  }

  /** Long bounds of {@code range}, clamped to what a long holds. */
  static long lowAsLong(Range range) {
    return range.low() <= Long.MIN_VALUE ? Long.MIN_VALUE : (long) Math.ceil(range.low());
  }

  /** See {@link #lowAsLong}. */
  static long highAsLong(Range range) {
    return range.high() >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.floor(range.high());
  }

  private static Range parse(QueryTerm term, String text, Kind kind) {
    Optional<Range> range =
        switch (kind) {
          case NUMBER -> number(text);
          case SIZE -> size(text);
          case DATE -> date(text);
        };
    return range.orElseThrow(
        () ->
            QueryTerm.invalid(
                term.valueStart(),
                "expected "
                    + kind.expected
                    + " after "
                    + QueryTerm.quote(term.prefix())
                    + ", found "
                    + QueryTerm.quote(text)));
  }

  private static Optional<Range> number(String text) {
    if (!NUMBER.matcher(text).matches()) {
      return Optional.empty();
    }
    double number = Double.parseDouble(text);
    return Optional.of(new Range(number, number));
  }

  private static Optional<Range> size(String text) {
    Matcher matcher = SIZE.matcher(text);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    int power =
        matcher.group(2) == null
            ? 0
            : "kmgt".indexOf(matcher.group(2).toLowerCase(Locale.ROOT)) + 1;
    double bytes = Math.floor(Double.parseDouble(matcher.group(1)) * Math.pow(1024, power));
    return Optional.of(new Range(bytes, bytes));
  }

  private static Optional<Range> date(String text) {
    Matcher matcher = DATE.matcher(text);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    try {
      int year = Integer.parseInt(matcher.group(1));
      LocalDate first;
      LocalDate next;
      if (matcher.group(2) == null) {
        first = LocalDate.of(year, 1, 1);
        next = first.plusYears(1);
      } else if (matcher.group(3) == null) {
        first = LocalDate.of(year, Integer.parseInt(matcher.group(2)), 1);
        next = first.plusMonths(1);
      } else {
        first =
            LocalDate.of(
                year, Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(3)));
        next = first.plusDays(1);
      }
      return Optional.of(new Range(millis(first), millis(next) - 1));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  private static double millis(LocalDate date) {
    return date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }
}
