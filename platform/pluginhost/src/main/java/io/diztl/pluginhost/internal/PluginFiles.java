package io.diztl.pluginhost.internal;

import io.diztl.api.DiztlException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.pf4j.util.FileUtils;

/**
 * The plugin files of a plugins folder: {@code *.jar} (a plugin without libraries) and {@code
 * *.zip} (a plugin with {@code classes/} and {@code lib/}, expanded into a folder of the same name
 * in the host's work folder, never in the plugins folder). Hidden files are ignored.
 */
final class PluginFiles {

  /** pf4j's files naming disabled (or the only enabled) plugins, one id per line. */
  static final List<String> STATUS_FILES = List.of("disabled.txt", "enabled.txt");

  private final Path workDir;

  /** Plugin files whose zips expand into {@code workDir}. */
  PluginFiles(Path workDir) {
    this.workDir = workDir;
  }

  /** Whether the name is that of a plugin file (the file need not exist any more). */
  static boolean isPluginName(Path file) {
    String name = file.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    return !name.startsWith(".") && (lower.endsWith(".jar") || lower.endsWith(".zip"));
  }

  /** Whether the name is that of one of pf4j's status files. */
  static boolean isStatusFile(Path file) {
    return STATUS_FILES.contains(file.getFileName().toString());
  }

  /** The plugin files directly in {@code dir}, by name. */
  List<Path> list(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(PluginFiles::isPluginName).filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new DiztlException("cannot list the plugins folder " + dir + ": " + e, e);
    }
  }

  /**
   * Checks that a plugin file is a readable jar or zip holding a plugin descriptor, so that a
   * broken file gets a clearer message than pf4j's.
   *
   * @throws DiztlException saying what is wrong with the file
   */
  static void check(Path file) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      boolean described =
          zip.stream()
              .map(ZipEntry::getName)
              .anyMatch(
                  name ->
                      name.equals("plugin.properties") || name.endsWith("META-INF/MANIFEST.MF"));
      if (!described) {
        throw new DiztlException("it holds neither plugin.properties nor META-INF/MANIFEST.MF");
      }
    } catch (IOException e) {
      throw new DiztlException("it is not a readable jar or zip file (" + e.getMessage() + ")", e);
    }
  }

  /**
   * What pf4j loads for a plugin file: a jar itself, or the folder a zip is expanded into (expanded
   * afresh each time, so that a replaced zip never mixes with its predecessor).
   */
  Path pluginPath(Path file) throws IOException {
    Optional<Path> folder = expandedFolder(file);
    if (folder.isEmpty()) {
      return file;
    }
    Path target = folder.get();
    if (Files.exists(target)) {
      FileUtils.delete(target);
    }
    expand(file, target);
    return target;
  }

  /** Deletes the folder a zip was expanded into, if the file is a zip and the folder exists. */
  void deleteExpanded(Path file) throws IOException {
    Optional<Path> folder = expandedFolder(file);
    if (folder.isPresent() && Files.isDirectory(folder.get())) {
      FileUtils.delete(folder.get());
    }
  }

  private Optional<Path> expandedFolder(Path file) {
    String name = file.getFileName().toString();
    if (!name.toLowerCase(Locale.ROOT).endsWith(".zip")) {
      return Optional.empty();
    }
    return Optional.of(workDir.resolve(name.substring(0, name.length() - ".zip".length())));
  }

  /** Expands a zip, refusing entries that would land outside {@code target}. */
  private static void expand(Path zipFile, Path target) throws IOException {
    Files.createDirectories(target);
    try (ZipFile zip = new ZipFile(zipFile.toFile())) {
      for (ZipEntry entry : Collections.list(zip.entries())) {
        Path out = target.resolve(entry.getName()).normalize();
        if (!out.startsWith(target)) {
          throw new DiztlException(
              "entry '" + entry.getName() + "' would be written outside the plugin's folder");
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
        } else {
          Files.createDirectories(out.getParent());
          try (InputStream in = zip.getInputStream(entry)) {
            Files.copy(in, out);
          }
        }
      }
    }
  }
}
