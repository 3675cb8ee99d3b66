package io.diztl.pluginhost.internal;

import java.util.ArrayList;
import java.util.List;

/** Turns failures into one-line messages for logs and listings. */
final class Problems {

  private static final int MAX_CAUSES = 3;

  /** Longest description of a failure, so that a plugin's huge message never floods the log. */
  static final int MAX_DESCRIPTION_CHARS = 300;

  /** Longest file name or path quoted in a log line. */
  static final int MAX_ECHO_CHARS = 160;

  private Problems() {}

  /**
   * The failure and its causes on one line: {@code IllegalStateException: boom (caused by
   * IOException: disk)}; a cause whose text the message already holds is left out.
   */
  static String describe(Throwable failure) {
    List<String> parts = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (Throwable t = failure; t != null && parts.size() <= MAX_CAUSES; t = t.getCause()) {
      String part = label(t);
      String message = t.getMessage();
      message =
          message == null || message.length() <= MAX_DESCRIPTION_CHARS
              ? message
              : message.substring(0, MAX_DESCRIPTION_CHARS);
      boolean repeated =
          !parts.isEmpty()
              && (text.indexOf(part) >= 0
                  || (message != null && !message.isBlank() && text.indexOf(message) >= 0));
      if (!repeated) {
        parts.add(part);
        text.append(part);
      }
    }
    String head = parts.getFirst();
    return oneLine(
        parts.size() == 1
            ? head
            : head
                + " (caused by "
                + String.join(", caused by ", parts.subList(1, parts.size()))
                + ")");
  }

  /**
   * The text on one line, runs of white space folded to one space, other control characters shown
   * as {@code ?}, at most {@value #MAX_DESCRIPTION_CHARS} characters.
   */
  static String oneLine(String text) {
    return shorten(text.strip().replaceAll("\\s+", " "), MAX_DESCRIPTION_CHARS);
  }

  /**
   * A name or path (perhaps chosen by a peer) for a log line: control characters shown as {@code
   * ?}, at most {@value #MAX_ECHO_CHARS} characters.
   */
  static String echo(String text) {
    return shorten(text, MAX_ECHO_CHARS);
  }

  private static String shorten(String text, int max) {
    String start = text.length() <= max ? text : text.substring(0, max);
    StringBuilder shown = new StringBuilder(start.length() + 3);
    start.codePoints().forEach(c -> shown.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return text.length() <= max ? shown.toString() : shown.append("...").toString();
  }

  private static String label(Throwable t) {
    String name = t.getClass().getSimpleName();
    String message = t.getMessage();
    if (message == null || message.isBlank()) {
      return name;
    }
    return name
        + ": "
        + (message.length() <= MAX_DESCRIPTION_CHARS
            ? message
            : message.substring(0, MAX_DESCRIPTION_CHARS));
  }
}
