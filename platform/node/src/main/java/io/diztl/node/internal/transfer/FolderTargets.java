package io.diztl.node.internal.transfer;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where the files of a folder download go: {@code DOWNLOADS/<folder>/<sub-folders>}, built from
 * names another node supplied, each made a single harmless path segment, and checked to stay inside
 * the downloads folder whatever those names were.
 */
public final class FolderTargets {

  /** Control characters (NUL included), bidi overrides and isolates, and path separators. */
  private static final Pattern UNSAFE =
      Pattern.compile("[\\p{Cntrl}\\u202A-\\u202E\\u2066-\\u2069/\\\\]");

  /** Longest segment kept, in characters: file systems allow 255 bytes. */
  static final int MAX_SEGMENT = 120;

  private FolderTargets() {}

  /**
   * A name from another node as one segment of a local path: unsafe characters become {@code _},
   * surrounding blanks go, and a name that is then empty, {@code .} or {@code ..} (or only dots)
   * becomes {@code _}.
   */
  public static String segment(String name) {
    String safe = UNSAFE.matcher(name).replaceAll("_").strip();
    if (safe.length() > MAX_SEGMENT) {
      safe = safe.substring(0, MAX_SEGMENT).strip();
    }
    if (safe.isEmpty() || safe.chars().allMatch(c -> c == '.')) {
      return "_";
    }
    return safe;
  }

  /**
   * The folder under {@code downloadsDir} for the sub-folders {@code segments} (names from another
   * node, outermost first).
   *
   * @throws DiztlException {@code PERMISSION_DENIED} if the result would leave {@code downloadsDir}
   *     (which {@link #segment} makes impossible), {@code INVALID_ARGUMENT} for a name this file
   *     system cannot hold
   */
  public static Path resolve(Path downloadsDir, List<String> segments) {
    Path root = downloadsDir.toAbsolutePath().normalize();
    Path target = root;
    try {
      for (String name : segments) {
        target = target.resolve(segment(name));
      }
    } catch (InvalidPathException e) {
      throw new DiztlException(
          ErrorKind.INVALID_ARGUMENT,
          "cannot store a folder named '" + e.getInput() + "' here: " + e.getReason(),
          e);
    }
    target = target.normalize();
    if (!target.startsWith(root) || target.equals(root)) {
      throw new DiztlException(
          ErrorKind.PERMISSION_DENIED,
          "expected a folder inside "
              + root
              + ", found the names "
              + segments
              + " leading to "
              + target);
    }
    return target;
  }
}
