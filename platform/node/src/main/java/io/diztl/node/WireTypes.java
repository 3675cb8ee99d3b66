package io.diztl.node;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.FileType;
import java.util.Objects;
import java.util.Optional;

/**
 * The one mapping between diztl's {@link FileType} and the wire's {@code diztl.v1.FileType}, for
 * the node, the tracker-facing code and the command line.
 */
public final class WireTypes {

  private static final String PREFIX = "FILE_TYPE_";

  private WireTypes() {}

  /** The wire constant of a file type. */
  public static io.diztl.proto.v1.FileType toWire(FileType type) {
    Objects.requireNonNull(type, "type");
    return io.diztl.proto.v1.FileType.valueOf(PREFIX + type.name());
  }

  /** The wire constant of an optional type filter: unspecified when empty. */
  public static io.diztl.proto.v1.FileType toWire(Optional<FileType> type) {
    return type.map(WireTypes::toWire).orElse(io.diztl.proto.v1.FileType.FILE_TYPE_UNSPECIFIED);
  }

  /**
   * The file type a wire constant names; empty for {@code FILE_TYPE_UNSPECIFIED}.
   *
   * @throws DiztlException {@code INVALID_ARGUMENT} for a number this node does not know
   */
  public static Optional<FileType> fromWire(io.diztl.proto.v1.FileType type) {
    Objects.requireNonNull(type, "type");
    if (type == io.diztl.proto.v1.FileType.FILE_TYPE_UNSPECIFIED) {
      return Optional.empty();
    }
    if (type == io.diztl.proto.v1.FileType.UNRECOGNIZED) {
      throw new DiztlException(
          ErrorKind.INVALID_ARGUMENT,
          "unknown file type in the request: expected one of " + FileType.names());
    }
    return Optional.of(FileType.valueOf(type.name().substring(PREFIX.length())));
  }

  /**
   * The type of a file another node describes: {@link FileType#OTHER} for unspecified or unknown
   * numbers, so that a newer node's types never break a listing.
   */
  public static FileType ofFile(io.diztl.proto.v1.FileType type) {
    Objects.requireNonNull(type, "type");
    return type == io.diztl.proto.v1.FileType.UNRECOGNIZED
        ? FileType.OTHER
        : fromWire(type).orElse(FileType.OTHER);
  }
}
