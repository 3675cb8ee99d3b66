package io.diztl.pluginhost.internal;

import io.diztl.api.metadata.FileSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;

/**
 * A file as a plugin's fault on it is remembered: its path in the share, size and modification
 * time. A file changed since (another size or time) is a new file and is tried again.
 *
 * @param relativePath the path in the share
 * @param size its size in bytes
 * @param modifiedMillis its modification time, -1 when it cannot be read
 */
record FileKey(String relativePath, long size, long modifiedMillis) {

  /** The key of {@code file} as it is on disk now. */
  static FileKey of(FileSample file) {
    long modified;
    try {
      modified = Files.getLastModifiedTime(file.path(), LinkOption.NOFOLLOW_LINKS).toMillis();
    } catch (IOException e) {
      modified = -1;
    }
    return new FileKey(file.relativePath(), file.size(), modified);
  }
}
