package io.diztl.bench;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads times and figures from the log of a distribution process ({@code HH:mm:ss.SSS LEVEL}). */
final class NodeLog {

  private static final Pattern TIME = Pattern.compile("(?m)^(\\d{2}:\\d{2}:\\d{2}\\.\\d{3}) .*");

  private NodeLog() {}

  /** The wall-clock time, in epoch milliseconds, of the first log line containing {@code text}. */
  static long millisOf(Proc proc, String text) {
    Matcher line = TIME.matcher(proc.output());
    while (line.find()) {
      if (line.group().contains(text)) {
        LocalTime time = LocalTime.parse(line.group(1));
        LocalDateTime now = LocalDateTime.now();
        LocalDateTime at = LocalDateTime.of(LocalDate.now(), time);
        if (at.isAfter(now.plusMinutes(1))) {
          at = at.minusDays(1);
        }
        return at.atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
      }
    }
    throw new IllegalStateException("no log line with '" + text + "' in " + proc.log());
  }

  /** The first group of the last match of {@code pattern} in the log, or null. */
  static String last(Proc proc, Pattern pattern) {
    Matcher matcher = pattern.matcher(proc.output());
    String last = null;
    while (matcher.find()) {
      last = matcher.group(1);
    }
    return last;
  }

  /** The first group of every match of {@code pattern} in the log, in order. */
  static List<String> all(Proc proc, Pattern pattern) {
    Matcher matcher = pattern.matcher(proc.output());
    List<String> all = new ArrayList<>();
    while (matcher.find()) {
      all.add(matcher.group(1));
    }
    return all;
  }

  /** The first group of {@code pattern} in the log, or null. */
  static String find(Proc proc, Pattern pattern) {
    Matcher matcher = pattern.matcher(proc.output());
    return matcher.find() ? matcher.group(1) : null;
  }
}
