package io.diztl.index.internal;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Maps between absolute paths and the share's relative paths ('/' separators) and decides what may
 * be indexed: no excluded folder, no transfer leftovers, nothing reached through a symbolic link.
 * It also checks the paths that requests name, and confines what a request reaches to the share.
 */
public final class SharePaths {

  /** Suffix of files still being downloaded. */
  public static final String PART_SUFFIX = ".diztl-part";

  /** Prefix of diztl's own temporary files. */
  public static final String TEMP_PREFIX = ".diztl-";

  /** Longest relative path a request may name, in UTF-8 bytes. */
  public static final int MAX_PATH_BYTES = 4096;

  private static final int MAX_ECHO_CHARS = 80;

  private final Path root;
  private final Path realRoot;
  private final List<Path> excluded;

  /**
   * Paths of the share {@code root} (absolute and normal), never looking into {@code excluded}
   * folders (absolute and normal).
   *
   * @throws DiztlException when the root is not an existing folder
   */
  public SharePaths(Path root, List<Path> excluded) {
    this.root = root;
    if (!Files.isDirectory(root)) {
      throw new DiztlException("expected the share " + root + " to be a folder, found none");
    }
    try {
      this.realRoot = root.toRealPath();
    } catch (IOException e) {
      throw new DiztlException("cannot resolve the share " + root + ": " + e.getMessage(), e);
    }
    List<Path> all = new ArrayList<>(excluded);
    // The same folders as seen through the other root, in case the share is reached by a link.
    for (Path folder : excluded) {
      if (folder.startsWith(root)) {
        all.add(realRoot.resolve(root.relativize(folder)));
      } else if (folder.startsWith(realRoot)) {
        all.add(root.resolve(realRoot.relativize(folder)));
      }
    }
    this.excluded = List.copyOf(all);
  }

  /** The share folder as configured. */
  public Path root() {
    return root;
  }

  /** The share folder with every link resolved: walks start here. */
  public Path realRoot() {
    return realRoot;
  }

  /** Whether {@code path} (absolute, normal) is or lies in an excluded folder. */
  public boolean isExcluded(Path path) {
    for (Path folder : excluded) {
      if (path.startsWith(folder)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a file with this name may be indexed (no partial download, no temporary file). */
  public static boolean isIndexableName(String name) {
    return !name.endsWith(PART_SUFFIX) && !name.startsWith(TEMP_PREFIX);
  }

  /**
   * The relative path of {@code path} if it lies strictly inside the share (under its configured or
   * its real root) and outside excluded folders; empty otherwise.
   */
  public Optional<String> relative(Path path) {
    Path normal = path.toAbsolutePath().normalize();
    if (isExcluded(normal)) {
      return Optional.empty();
    }
    Path base = normal.startsWith(root) ? root : normal.startsWith(realRoot) ? realRoot : null;
    if (base == null || normal.equals(base)) {
      return Optional.empty();
    }
    return Optional.of(toRelativeString(base.relativize(normal)));
  }

  /** Whether {@code path} is the share folder itself. */
  public boolean isRoot(Path path) {
    Path normal = path.toAbsolutePath().normalize();
    return normal.equals(root) || normal.equals(realRoot);
  }

  /**
   * The absolute path of {@code relative}, normal and checked to stay inside the share.
   *
   * @throws DiztlException when the path climbs out of the share
   */
  public Path resolve(String relative) {
    Path resolved = root.resolve(relative).normalize();
    if (!resolved.startsWith(root) || resolved.equals(root)) {
      throw new DiztlException(
          "expected a path inside the share " + root + ", found '" + relative + "'");
    }
    return resolved;
  }

  /**
   * Whether the folder holding the file at {@code relative} is reached without symbolic links, so
   * the file really lies inside the share.
   */
  public boolean hasRealParent(String relative) throws IOException {
    Path expected = realRoot.resolve(relative).getParent();
    try {
      return expected.toRealPath().equals(expected);
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  /**
   * A relative path as a request names it, checked and normalised: '/'-separated, empty for the
   * share itself, one trailing '/' tolerated and dropped.
   *
   * @throws DiztlException of kind {@link ErrorKind#INVALID_ARGUMENT} for an absolute path, a
   *     {@code .} or {@code ..} or empty segment, a backslash, a control character, or a path
   *     longer than {@value #MAX_PATH_BYTES} bytes
   */
  public static String checkRequested(String path) {
    if (path.length() > MAX_PATH_BYTES
        || path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
      throw invalid(path, "at most " + MAX_PATH_BYTES + " bytes");
    }
    if (path.chars().anyMatch(Character::isISOControl)) {
      throw invalid(path, "no control characters");
    }
    if (path.indexOf('\\') >= 0) {
      throw invalid(path, "'/' separators and no backslash");
    }
    if (path.startsWith("/")) {
      throw invalid(path, "a path relative to the share, not an absolute one");
    }
    String normal = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    if (normal.isEmpty()) {
      return normal;
    }
    for (String segment : normal.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw invalid(path, "no empty, '.' or '..' segment");
      }
    }
    return normal;
  }

  private static DiztlException invalid(String path, String expected) {
    return new DiztlException(
        ErrorKind.INVALID_ARGUMENT,
        "expected " + expected + " in the path, found '" + echo(path) + "'");
  }

  /**
   * The real path of the file or folder at {@code relative} ('/'-separated, empty for the share
   * itself), checked to lie inside the share and to be reached through no symbolic link: the one
   * confinement check of everything a request reads.
   *
   * @throws DiztlException of kind {@link ErrorKind#PERMISSION_DENIED} when the path leads out of
   *     the share or through a symbolic link, {@link ErrorKind#NOT_FOUND} when nothing is there
   */
  public Path confine(String relative) {
    Path expected = realRoot.resolve(relative).normalize();
    if (!expected.startsWith(realRoot)) {
      throw outside(relative);
    }
    Path real;
    try {
      real = expected.toRealPath();
    } catch (NoSuchFileException e) {
      throw new DiztlException(
          ErrorKind.NOT_FOUND, "expected '" + echo(relative) + "' in the share, found nothing");
    } catch (IOException e) {
      throw new DiztlException(
          ErrorKind.INTERNAL, "cannot resolve '" + echo(relative) + "': " + e.getMessage(), e);
    }
    if (!real.equals(expected)) {
      throw outside(relative);
    }
    return real;
  }

  private static DiztlException outside(String relative) {
    return new DiztlException(
        ErrorKind.PERMISSION_DENIED,
        "expected a path inside the share without symbolic links, found '"
            + echo(relative)
            + "' leading out of it");
  }

  /** The start of {@code text}, control characters replaced, short enough for a message. */
  static String echo(String text) {
    String start = text.length() <= MAX_ECHO_CHARS ? text : text.substring(0, MAX_ECHO_CHARS);
    StringBuilder shown = new StringBuilder(start.length() + 3);
    start.chars().forEach(c -> shown.append(Character.isISOControl(c) ? '?' : (char) c));
    return text.length() <= MAX_ECHO_CHARS ? shown.toString() : shown + "...";
  }

  /** {@code relative} with '/' separators whatever the platform. */
  public static String toRelativeString(Path relative) {
    StringBuilder text = new StringBuilder();
    for (Path part : relative) {
      if (!text.isEmpty()) {
        text.append('/');
      }
      text.append(part);
    }
    return text.toString();
  }
}
