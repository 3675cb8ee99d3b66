package io.diztl.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The broad category of a file, derived from its extension. */
public enum FileType {
  VIDEO("mp4", "mkv", "avi", "mov", "wmv", "flv", "webm", "m4v", "mpg", "mpeg", "3gp", "ts", "vob"),
  IMAGE(
      "jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "webp", "svg", "heic", "heif", "raw",
      "cr2", "nef", "arw", "dng", "ico", "psd"),
  AUDIO(
      "mp3", "flac", "wav", "ogg", "oga", "opus", "m4a", "aac", "wma", "aiff", "aif", "alac",
      "mid"),
  DOCUMENT(
      "pdf", "doc", "docx", "odt", "rtf", "txt", "md", "xls", "xlsx", "ods", "csv", "ppt", "pptx",
      "odp", "epub", "mobi", "djvu", "html", "htm", "tex"),
  COMPRESSED(
      "zip", "rar", "7z", "tar", "gz", "tgz", "bz2", "xz", "zst", "lz", "lzma", "cab", "iso"),
  EXECUTABLE(
      "exe",
      "msi",
      "bat",
      "cmd",
      "sh",
      "bin",
      "run",
      "app",
      "apk",
      "deb",
      "rpm",
      "dmg",
      "jar",
      "appimage"),
  OTHER;

  private static final Map<String, FileType> BY_EXTENSION =
      Arrays.stream(values())
          .flatMap(type -> type.extensions.stream().map(ext -> Map.entry(ext, type)))
          .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

  private final java.util.List<String> extensions;

  FileType(String... extensions) {
    this.extensions = java.util.List.of(extensions);
  }

  /** The type of a file with this extension (no dot, any case); {@link #OTHER} when unknown. */
  public static FileType ofExtension(String extension) {
    return BY_EXTENSION.getOrDefault(extension.toLowerCase(Locale.ROOT), OTHER);
  }

  /**
   * Parses a type name as a user types it ({@code video}, {@code Image}, ...).
   *
   * @throws DiztlException naming the accepted types when {@code name} is none of them
   */
  public static FileType parse(String name) {
    String wanted = name.strip().toUpperCase(Locale.ROOT);
    return Stream.of(values())
        .filter(type -> type.name().equals(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new DiztlException(
                    ErrorKind.INVALID_ARGUMENT,
                    "unknown file type '" + name + "': expected one of " + names()));
  }

  /** The lower-case names of all types, comma-separated, for messages and help. */
  public static String names() {
    return Arrays.stream(values())
        .map(type -> type.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
  }
}
