package io.diztl.launcher;

/**
 * Text another node supplied (names, paths, metadata), made safe to print on a terminal: control
 * characters (which could move the cursor or change colours) and bidi overrides and isolates (which
 * could make {@code gpj.exe} look like {@code exe.jpg}) are shown as {@code \\uXXXX}, never printed
 * raw.
 */
final class Printable {

  private Printable() {}

  /** {@code text} with every unsafe character escaped; safe text comes back unchanged. */
  static String of(String text) {
    StringBuilder safe = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (unsafe(c)) {
        if (safe == null) {
          safe = new StringBuilder(text.length() + 8).append(text, 0, i);
        }
        safe.append(String.format("\\u%04X", (int) c));
      } else if (safe != null) {
        safe.append(c);
      }
    }
    return safe == null ? text : safe.toString();
  }

  private static boolean unsafe(char c) {
    return Character.isISOControl(c)
        || (c >= '\u202A' && c <= '\u202E')
        || (c >= '\u2066' && c <= '\u2069');
  }
}
