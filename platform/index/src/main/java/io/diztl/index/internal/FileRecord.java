package io.diztl.index.internal;

import java.util.Objects;

/**
 * What the index knows about one file, before it becomes a Lucene document.
 *
 * @param path path relative to the share folder, with '/' separators
 * @param stamp size and modification time the record was taken from
 * @param sha256 lower-case hex SHA-256, empty while unknown
 */
public record FileRecord(String path, FileStamp stamp, String sha256) {

  /** Checks the parts. */
  public FileRecord {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(stamp, "stamp");
    Objects.requireNonNull(sha256, "sha256");
  }

  /** The file name without folders. */
  public String name() {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
