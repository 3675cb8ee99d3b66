package io.diztl.ui.web;

import io.diztl.api.FileType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Formatting for the pages: human-readable sizes, durations and times, and peer-supplied text with
 * its invisible characters made visible.
 */
public final class Fmt {

  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
          .withZone(ZoneId.systemDefault());

  private Fmt() {}

  /** A piece of peer-supplied text: plain characters, or one invisible character shown by name. */
  public record Segment(String text, boolean control) {}

  /** {@code 1.5 MiB}, {@code 512 B}. */
  public static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    int unit = 0;
    double value = bytes;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, UNITS[unit]);
  }

  /** {@code 1,572,864 bytes}, for a title attribute. */
  public static String bytes(long bytes) {
    return String.format(Locale.ROOT, "%,d bytes", bytes);
  }

  /** {@code 2.1 MiB/s}, or empty when not moving. */
  public static String speed(long bytesPerSecond) {
    return bytesPerSecond <= 0 ? "" : size(bytesPerSecond) + "/s";
  }

  /** {@code 1 h 2 min}, {@code 3 min 5 s}, {@code 42 s}; empty for a negative (unknown) time. */
  public static String duration(long seconds) {
    if (seconds < 0) {
      return "";
    }
    if (seconds < 60) {
      return seconds + " s";
    }
    if (seconds < 3600) {
      return seconds / 60 + " min " + seconds % 60 + " s";
    }
    return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
  }

  /** Milliseconds as {@code 850 ms} or {@code 1.2 s}. */
  public static String millis(long millis) {
    return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  /** A local date and time, to the second; empty for null. */
  public static String time(Instant instant) {
    return instant == null ? "" : TIME.format(instant);
  }

  /** A local date and time of milliseconds since the epoch; empty for 0. */
  public static String time(long epochMillis) {
    return epochMillis <= 0 ? "" : TIME.format(Instant.ofEpochMilli(epochMillis));
  }

  /** A file type's name in lower case. */
  public static String type(FileType type) {
    return type.name().toLowerCase(Locale.ROOT);
  }

  /**
   * A state or kind name in lower case with spaces: {@code FILE_INDEXED} gives {@code file
   * indexed}.
   */
  public static String word(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  /** Text for a path segment of an address, such as a node id. */
  public static String segment(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Text for a query parameter value. */
  public static String param(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  /** {@code count word} or {@code count words}. */
  public static String plural(long count, String word) {
    return String.format(Locale.ROOT, "%,d %s%s", count, word, count == 1 ? "" : "s");
  }

  /** A percentage from 0 to 100 of {@code part} in {@code whole}; 100 when the whole is 0. */
  public static int percent(long part, long whole) {
    return whole <= 0 ? 100 : (int) Math.min(100, part * 100 / whole);
  }

  /**
   * Whether a character is invisible or reorders text: controls, format characters such as the
   * bidirectional overrides U+202A-U+202E and isolates U+2066-U+2069, the marks U+200E/U+200F, line
   * and paragraph separators, unpaired surrogates and unassigned code points. The joiners U+200C
   * and U+200D, which writing systems and emoji need, are left alone.
   */
  public static boolean hidden(int codePoint) {
    if (codePoint == 0x200C || codePoint == 0x200D) {
      return false;
    }
    return switch (Character.getType(codePoint)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SURROGATE,
          Character.UNASSIGNED ->
          true;
      default -> false;
    };
  }

  /** The name an invisible character is shown by: {@code ⟨U+202E⟩}. */
  public static String name(int codePoint) {
    return String.format(Locale.ROOT, "⟨U+%04X⟩", codePoint);
  }

  /** The text with each invisible character replaced by its name, for attributes. */
  public static String visible(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .forEach(cp -> out.append(hidden(cp) ? name(cp) : new String(Character.toChars(cp))));
    return out.toString();
  }

  /** The text cut into plain pieces and invisible characters, for {@code tags/peer.jte}. */
  public static List<Segment> segments(String text) {
    List<Segment> segments = new ArrayList<>();
    StringBuilder plain = new StringBuilder();
    text.codePoints()
        .forEach(
            cp -> {
              if (hidden(cp)) {
                if (!plain.isEmpty()) {
                  segments.add(new Segment(plain.toString(), false));
                  plain.setLength(0);
                }
                segments.add(new Segment(name(cp), true));
              } else {
                plain.appendCodePoint(cp);
              }
            });
    if (!plain.isEmpty()) {
      segments.add(new Segment(plain.toString(), false));
    }
    return segments;
  }
}
