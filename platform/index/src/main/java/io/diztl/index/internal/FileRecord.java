package io.diztl.index.internal;

import java.util.List;
import java.util.Objects;

/**
 * What the index knows about one file, before it becomes a Lucene document.
 *
 * @param path path relative to the share folder, with '/' separators
 * @param stamp size and modification time the record was taken from
 * @param sha256 lower-case hex SHA-256, empty while unknown
 * @param extractorsVersion the {@link io.diztl.index.MetadataSource#extractorsVersion()} the
 *     metadata was extracted with, empty while never extracted
 * @param metadata the extracted values, in the order the extractors gave them
 */
public record FileRecord(
    String path,
    FileStamp stamp,
    String sha256,
    String extractorsVersion,
    List<MetaValue> metadata) {

  /** Checks the parts. */
  public FileRecord {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(stamp, "stamp");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(extractorsVersion, "extractorsVersion");
    metadata = List.copyOf(metadata);
  }

  /** A record without metadata, never extracted. */
  public FileRecord(String path, FileStamp stamp, String sha256) {
    this(path, stamp, sha256, "", List.of());
  }

  /** The file name without folders. */
  public String name() {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** This record with another hash, keeping the metadata. */
  public FileRecord withSha256(String newSha256) {
    return new FileRecord(path, stamp, newSha256, extractorsVersion, metadata);
  }

  /** This record with other metadata, keeping the hash. */
  public FileRecord withMetadata(String newVersion, List<MetaValue> newMetadata) {
    return new FileRecord(path, stamp, sha256, newVersion, newMetadata);
  }
}
