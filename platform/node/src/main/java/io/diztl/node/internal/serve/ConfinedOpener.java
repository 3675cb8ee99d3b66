package io.diztl.node.internal.serve;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Set;

/**
 * Opens a file of the share for reading so that what is opened is what the checks saw: each folder
 * along the path is opened relative to the one before it without following a symbolic link (the
 * {@code openat} way, through {@link SecureDirectoryStream}), so a folder swapped for a link while
 * the path is walked ends the open instead of leading out of the share. The file itself is opened
 * the same way; its identity ({@link BasicFileAttributes#fileKey()}) must be the same just before
 * and just after the open and through the share's path, and it must have a single link unless hard
 * links are allowed: a hard link is another name of a file that may lie outside the share.
 */
final class ConfinedOpener {

  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final Set<OpenOption> READ = Set.of(StandardOpenOption.READ, NOFOLLOW);

  private final boolean allowHardLinks;

  /**
   * An opener that refuses files with more than one link unless {@code allowHardLinks}.
   *
   * @param allowHardLinks true to serve files that have other names (hard links) too
   */
  ConfinedOpener(boolean allowHardLinks) {
    this.allowHardLinks = allowHardLinks;
  }

  /**
   * The open file at {@code relative} in the folder {@code root}.
   *
   * @param root the share folder (the one path followed as it is)
   * @param relative the file's path in the share, '/'-separated
   * @throws DiztlException {@code PERMISSION_DENIED} when the path leads through a symbolic link or
   *     out of the share, names no regular file or a file with other hard links, {@code NOT_FOUND}
   *     when nothing is there, {@code UNAVAILABLE} when the file changed while it was opened,
   *     {@code INTERNAL} when it cannot be read
   */
  Opened open(Path root, String relative) {
    Objects.requireNonNull(root, "root");
    String[] segments = segments(relative);
    try (DirectoryStream<Path> top = Files.newDirectoryStream(root)) {
      if (!(top instanceof SecureDirectoryStream<Path> share)) {
        throw new DiztlException(
            ErrorKind.INTERNAL,
            "expected a file system that opens files relative to a folder, found "
                + root.getFileSystem().provider().getScheme());
      }
      return openIn(share, root, relative, segments, 0);
    } catch (NoSuchFileException e) {
      throw new DiztlException(
          ErrorKind.NOT_FOUND, "file " + relative + " is no longer on disk here", e);
    } catch (AccessDeniedException e) {
      throw new DiztlException(
          ErrorKind.PERMISSION_DENIED, "file " + relative + " cannot be read here", e);
    } catch (FileSystemException e) {
      // ELOOP: a symbolic link where a folder or the file was expected.
      if (e.getReason() != null && e.getReason().contains("symbolic links")) {
        throw outside(relative, e);
      }
      throw internal(relative, e);
    } catch (IOException e) {
      throw internal(relative, e);
    }
  }

  private Opened openIn(
      SecureDirectoryStream<Path> folder, Path root, String relative, String[] segments, int depth)
      throws IOException {
    Path name = Path.of(segments[depth]);
    BasicFileAttributeView view =
        folder.getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW);
    BasicFileAttributes before = view.readAttributes();
    if (before.isSymbolicLink()) {
      throw outside(relative, null);
    }
    if (depth < segments.length - 1) {
      if (!before.isDirectory()) {
        throw new NoSuchFileException(relative);
      }
      try (SecureDirectoryStream<Path> next = folder.newDirectoryStream(name, NOFOLLOW)) {
        return openIn(next, root, relative, segments, depth + 1);
      }
    }
    if (!before.isRegularFile()) {
      throw new DiztlException(
          ErrorKind.PERMISSION_DENIED, "file " + relative + " is not a regular file");
    }
    SeekableByteChannel channel = folder.newByteChannel(name, READ);
    try {
      if (!(channel instanceof FileChannel file)) {
        throw new DiztlException(
            ErrorKind.INTERNAL,
            "expected a file channel for " + relative + ", found " + channel.getClass().getName());
      }
      BasicFileAttributes after = view.readAttributes();
      checkSame(relative, before, after);
      checkSingleLink(root.resolve(relative), relative, before);
      return new Opened(file, before);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static void checkSame(
      String relative, BasicFileAttributes before, BasicFileAttributes after) {
    if (before.fileKey() == null || !before.fileKey().equals(after.fileKey())) {
      throw new DiztlException(
          ErrorKind.UNAVAILABLE, "file " + relative + " changed while it was opened; try again");
    }
  }

  /**
   * Checks the file's link count. The file system gives it only through a path, so the file at
   * {@code path} must be the one opened (same file key); a path swapped on the way fails that.
   */
  private void checkSingleLink(Path path, String relative, BasicFileAttributes opened)
      throws IOException {
    if (allowHardLinks) {
      return;
    }
    var unix = Files.readAttributes(path, "unix:nlink,fileKey", NOFOLLOW);
    if (!opened.fileKey().equals(unix.get("fileKey"))) {
      throw new DiztlException(
          ErrorKind.UNAVAILABLE, "file " + relative + " changed while it was opened; try again");
    }
    if (((Number) unix.get("nlink")).longValue() > 1) {
      throw new DiztlException(
          ErrorKind.PERMISSION_DENIED,
          "file " + relative + " has other hard links, which may lie outside the share");
    }
  }

  private static String[] segments(String relative) {
    Objects.requireNonNull(relative, "relative");
    String[] segments = relative.split("/", -1);
    for (String segment : segments) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw outside(relative, null);
      }
      try {
        Path.of(segment);
      } catch (InvalidPathException e) {
        throw outside(relative, e);
      }
    }
    return segments;
  }

  private static DiztlException outside(String relative, Exception cause) {
    String message = "file " + relative + " is outside the share folder";
    return cause == null
        ? new DiztlException(ErrorKind.PERMISSION_DENIED, message)
        : new DiztlException(ErrorKind.PERMISSION_DENIED, message, cause);
  }

  private static DiztlException internal(String relative, IOException e) {
    return new DiztlException(
        ErrorKind.INTERNAL, "cannot open " + relative + ": " + e.getMessage(), e);
  }

  /**
   * A file opened for reading, and its attributes as of the open.
   *
   * @param channel the open file; the caller closes it
   * @param attributes its attributes, read through the folder that holds it
   */
  record Opened(FileChannel channel, BasicFileAttributes attributes) {}
}
