package io.diztl.node.internal.fetch;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a verified partial file to its final name in a target folder without ever overwriting a
 * file and without an incomplete file ever showing under a final name: it hard-links the partial
 * under the first free name ({@code name}, {@code name (1).ext}, ...), or, where that cannot work
 * (another file system, no hard links), copies it to a hidden temporary file first.
 */
final class TransferPlacement {

  private static final Logger log = LoggerFactory.getLogger(TransferPlacement.class);

  /** Name used when the announced one has nothing usable. */
  static final String FALLBACK_NAME = "download";

  /** Highest number tried in {@code name (n).ext}. */
  static final int MAX_NUMBER = 9_999;

  private TransferPlacement() {}

  /**
   * A file name taken from a peer, made safe: no folder parts, no control characters, never empty,
   * "." or "..", and valid on the target folder's file system.
   */
  static String safeName(String announced, Path targetDir) {
    String name =
        announced.substring(Math.max(announced.lastIndexOf('/'), announced.lastIndexOf('\\')) + 1);
    name = name.replaceAll("\\p{Cntrl}", "");
    if (name.isBlank() || name.equals(".") || name.equals("..")) {
      return FALLBACK_NAME;
    }
    try {
      targetDir.resolve(name);
      return name;
    } catch (InvalidPathException e) {
      return name.replaceAll("[^\\p{L}\\p{N} ._()\\[\\]-]", "_");
    }
  }

  /** {@code name} for 0, else {@code name (n)} with the number before the extension. */
  static String numbered(String name, int n) {
    if (n == 0) {
      return name;
    }
    int dot = name.lastIndexOf('.');
    if (dot <= 0) {
      return name + " (" + n + ")";
    }
    return name.substring(0, dot) + " (" + n + ")" + name.substring(dot);
  }

  /**
   * Places {@code partial} (already forced to disk) in {@code targetDir}, created if missing, under
   * the first free variant of {@code name}; the partial is gone afterwards.
   *
   * @return the final path
   */
  static Path place(Path partial, Path targetDir, String name) throws IOException {
    Files.createDirectories(targetDir);
    Path placed = link(partial, targetDir, name);
    if (placed != null) {
      Files.delete(partial);
      return placed;
    }
    Path temp =
        targetDir.resolve(
            ".diztl-"
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                + ".diztl-part");
    try {
      Files.copy(partial, temp);
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      placed = link(temp, targetDir, name);
      if (placed == null) {
        placed = move(temp, targetDir, name);
      }
      Files.delete(partial);
      return placed;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Links {@code source} under the first free name; null when the folder cannot link to it. */
  private static Path link(Path source, Path dir, String name) {
    for (int n = 0; n <= MAX_NUMBER; n++) {
      Path candidate = dir.resolve(numbered(name, n));
      try {
        Files.createLink(candidate, source);
        return candidate;
      } catch (FileAlreadyExistsException e) {
        log.trace("{} exists", candidate);
      } catch (UnsupportedOperationException | IOException e) {
        log.debug("Cannot link {} to {}, copying instead: {}", candidate, source, e.toString());
        return null;
      }
    }
    throw noFreeName(dir, name);
  }

  /** Renames {@code source} to the first name that does not exist yet. */
  private static Path move(Path source, Path dir, String name) throws IOException {
    for (int n = 0; n <= MAX_NUMBER; n++) {
      Path candidate = dir.resolve(numbered(name, n));
      if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
        Files.move(source, candidate, StandardCopyOption.ATOMIC_MOVE);
        return candidate;
      }
    }
    throw noFreeName(dir, name);
  }

  private static DiztlException noFreeName(Path dir, String name) {
    return new DiztlException(
        ErrorKind.RESOURCE_EXHAUSTED,
        "no free name for "
            + name
            + " in "
            + dir
            + ": expected one of '"
            + name
            + "' to '"
            + numbered(name, MAX_NUMBER)
            + "' to be free, found all taken");
  }
}
