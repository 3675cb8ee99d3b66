package io.diztl.api.metadata;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The file an extractor is asked about.
 *
 * @param path absolute path of the file, to open for reading (never write to it)
 * @param relativePath path relative to the share folder, with '/' separators
 * @param name file name without folders
 * @param extension lower-case extension without the dot, empty when there is none
 * @param size size in bytes when the file was indexed
 * @since 0.1
 */
public record FileSample(Path path, String relativePath, String name, String extension, long size) {

  /** Checks the parts. */
  public FileSample {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(relativePath, "relativePath");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(extension, "extension");
  }
}
