package io.diztl.tracker.internal;

/**
 * Peer-supplied text made safe for one log line: cut to {@value #MAX_CHARS} characters with the
 * full length noted, and control, format (bidirectional, zero-width) and line-breaking characters
 * escaped as {@code \n} or {@code \}{@code uXXXX}, so that a name or query can neither flood the
 * log nor forge a line.
 */
public final class LogText {

  /** The most characters of the text a log line shows. */
  public static final int MAX_CHARS = 80;

  private LogText() {}

  /** {@code text} ready to log; {@code "null"} for null. */
  public static String of(String text) {
    if (text == null) {
      return "null";
    }
    int end = Math.min(text.length(), MAX_CHARS);
    if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    StringBuilder out = new StringBuilder(end + 16);
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\\' -> out.append("\\\\");
        default -> {
          if (unsafe(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    if (end < text.length()) {
      out.append("...(").append(text.length()).append(" chars)");
    }
    return out.toString();
  }

  private static boolean unsafe(char c) {
    int type = Character.getType(c);
    return type == Character.CONTROL
        || type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }
}
