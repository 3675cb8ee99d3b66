package io.diztl.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the reference tools on this machine. */
final class Tools {

  private Tools() {}

  /** {@code name} on the PATH, else {@code fallback} if it is executable. */
  static Optional<Path> find(String name, String fallback) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    Path candidate = Path.of(fallback);
    return Files.isExecutable(candidate) ? Optional.of(candidate) : Optional.empty();
  }
}
