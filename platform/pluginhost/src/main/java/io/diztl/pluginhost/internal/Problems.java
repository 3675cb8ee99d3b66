package io.diztl.pluginhost.internal;

import java.util.ArrayList;
import java.util.List;

/** Turns failures into one-line messages for logs and listings. */
final class Problems {

  private static final int MAX_CAUSES = 3;

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

  /** The text on one line, runs of white space folded to one space. */
  static String oneLine(String text) {
    return text.strip().replaceAll("\\s+", " ");
  }

  private static String label(Throwable t) {
    String name = t.getClass().getSimpleName();
    return t.getMessage() == null || t.getMessage().isBlank() ? name : name + ": " + t.getMessage();
  }
}
