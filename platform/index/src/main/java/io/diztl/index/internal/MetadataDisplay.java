package io.diztl.index.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns metadata values into the short strings shown with search results. */
public final class MetadataDisplay {

  /** Longest text shown, in chars, including the ellipsis. */
  public static final int MAX_TEXT_CHARS = 120;

  private static final long DAY_MILLIS = 86_400_000L;

  private MetadataDisplay() {}

  /** The values of each field, in order, as shown to users. */
  public static Map<String, List<String>> of(List<MetaValue> values) {
    Map<String, List<String>> shown = new LinkedHashMap<>();
    for (MetaValue value : values) {
      shown.computeIfAbsent(value.field(), field -> new ArrayList<>()).add(show(value));
    }
    return shown;
  }

  /** One value as shown: text on one line and shortened, numbers plain, dates ISO (UTC). */
  static String show(MetaValue value) {
    return switch (value.type()) {
      case TEXT -> shorten(((String) value.value()).replaceAll("\\s+", " ").strip());
      case KEYWORD -> (String) value.value();
      case NUMBER ->
          BigDecimal.valueOf((Double) value.value()).stripTrailingZeros().toPlainString();
      case DATE -> {
        Instant instant = (Instant) value.value();
        yield instant.toEpochMilli() % DAY_MILLIS == 0
            ? instant.atOffset(ZoneOffset.UTC).toLocalDate().toString()
            : instant.truncatedTo(ChronoUnit.SECONDS).toString();
      }
    };
  }

  private static String shorten(String text) {
    if (text.length() <= MAX_TEXT_CHARS) {
      return text;
    }
    int end = MAX_TEXT_CHARS - 1;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end).stripTrailing() + "…";
  }
}
