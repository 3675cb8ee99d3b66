package io.diztl.node.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes small files so that readers see either the old or the whole new content. */
public final class AtomicFiles {

  private AtomicFiles() {}

  /**
   * Writes {@code content} to a temporary file next to {@code target}, then moves it over {@code
   * target}; with {@code ownerOnly} the file is readable by its owner only where POSIX permissions
   * exist.
   */
  public static void write(Path target, String content, boolean ownerOnly) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    Path temp =
        ownerOnly && posix
            ? Files.createTempFile(
                dir,
                target.getFileName() + ".",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
            : Files.createTempFile(dir, target.getFileName() + ".", ".tmp");
    try {
      Files.writeString(temp, content, StandardCharsets.UTF_8);
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
