package io.diztl.pluginhost.internal;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Enables and disables plugins by editing pf4j's status files of a plugins folder: adds or removes
 * the plugin id's line of {@code disabled.txt}, or, when {@code enabled.txt} lists plugins (then
 * pf4j ignores {@code disabled.txt}), of that one. Each file is replaced in one atomic move, so the
 * folder's watcher never reads half a file; comments and other lines are kept.
 */
final class StatusFile {

  private StatusFile() {}

  /** Makes the plugins folder {@code dir} enable or disable the plugin {@code id}. */
  static void set(Path dir, String id, boolean enabled) {
    Path allowList = dir.resolve("enabled.txt");
    try {
      if (!ids(read(allowList)).isEmpty()) {
        edit(allowList, id, enabled);
      } else {
        edit(dir.resolve("disabled.txt"), id, !enabled);
      }
    } catch (IOException e) {
      throw new DiztlException(
          ErrorKind.INTERNAL,
          "cannot " + (enabled ? "enable" : "disable") + " plugin " + id + " in " + dir + ": " + e,
          e);
    }
  }

  /** Makes {@code file} list {@code id} or not. */
  private static void edit(Path file, String id, boolean listed) throws IOException {
    List<String> lines = read(file);
    List<String> edited = new ArrayList<>(lines);
    edited.removeIf(line -> line.strip().equals(id));
    if (listed) {
      edited.add(id);
    }
    if (edited.equals(lines)) {
      return;
    }
    Path temp = file.resolveSibling("." + file.getFileName() + ".diztl-tmp");
    Files.write(temp, edited, StandardCharsets.UTF_8);
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static List<String> read(Path file) throws IOException {
    return Files.isRegularFile(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
  }

  private static List<String> ids(List<String> lines) {
    return lines.stream()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .toList();
  }
}
