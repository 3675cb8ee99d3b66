package io.diztl.index.internal;

import io.diztl.api.DiztlException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Maps between absolute paths and the share's relative paths ('/' separators) and decides what may
 * be indexed: no excluded folder, no transfer leftovers, nothing reached through a symbolic link.
 */
public final class SharePaths {

  /** Suffix of files still being downloaded. */
  public static final String PART_SUFFIX = ".diztl-part";

  /** Prefix of diztl's own temporary files. */
  public static final String TEMP_PREFIX = ".diztl-";

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
