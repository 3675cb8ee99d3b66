package io.diztl.index.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Size and modification time of a file: when both are unchanged, the content is taken as unchanged.
 *
 * @param size size in bytes
 * @param modifiedMillis last modification in milliseconds since the epoch
 */
public record FileStamp(long size, long modifiedMillis) {

  /** The stamp of a regular file, taken from its attributes. */
  public static FileStamp of(BasicFileAttributes attributes) {
    return new FileStamp(attributes.size(), attributes.lastModifiedTime().toMillis());
  }

  /**
   * The stamp of {@code file} if it is a regular file and not a symbolic link; empty when it is
   * missing or anything else.
   */
  public static Optional<FileStamp> ofRegularFile(Path file) throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    return attributes.isRegularFile() ? Optional.of(of(attributes)) : Optional.empty();
  }
}
