package io.diztl.index;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where a {@link ShareIndex} reads files from and keeps its Lucene index.
 *
 * @param shareDir the shared folder; every indexed path is relative to it
 * @param indexDir the folder holding the Lucene index (created when missing)
 * @param excluded absolute folders inside the share that are never indexed (such as a data folder
 *     placed inside the share)
 */
public record IndexConfig(Path shareDir, Path indexDir, List<Path> excluded) {

  /** Checks the parts and makes the paths absolute and normal. */
  public IndexConfig {
    shareDir = Objects.requireNonNull(shareDir, "shareDir").toAbsolutePath().normalize();
    indexDir = Objects.requireNonNull(indexDir, "indexDir").toAbsolutePath().normalize();
    excluded =
        Objects.requireNonNull(excluded, "excluded").stream()
            .map(path -> path.toAbsolutePath().normalize())
            .toList();
  }
}
