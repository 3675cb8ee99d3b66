package io.diztl.node.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folders that only the node's owner may enter (mode 0700): the data folder with the node's token
 * and keys, its index and its partial downloads. Where the file system has no POSIX permissions,
 * folders are made as usual.
 */
public final class PrivateFolders {

  private static final Logger LOG = LoggerFactory.getLogger(PrivateFolders.class);

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rwx------");

  private PrivateFolders() {}

  /**
   * Makes {@code dir} (and missing parents, which get the usual permissions) owner-only if it is
   * missing; takes the other users' permissions away, and logs it, if it exists with them.
   *
   * @return {@code dir}
   */
  public static Path ensure(Path dir) throws IOException {
    Path parent = dir.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    PosixFileAttributeView posix =
        Files.getFileAttributeView(parent == null ? dir : parent, PosixFileAttributeView.class);
    if (posix == null) {
      return Files.createDirectories(dir);
    }
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      // The umask may have taken bits away, never added any: set them as wanted all the same.
      Files.setPosixFilePermissions(dir, OWNER_ONLY);
      return dir;
    }
    Set<PosixFilePermission> now = Files.getPosixFilePermissions(dir);
    if (!now.equals(OWNER_ONLY)) {
      Files.setPosixFilePermissions(dir, OWNER_ONLY);
      LOG.warn(
          "folder {} was {}: made it {} so that other users cannot read it",
          dir,
          PosixFilePermissions.toString(now),
          PosixFilePermissions.toString(OWNER_ONLY));
    }
    return dir;
  }
}
