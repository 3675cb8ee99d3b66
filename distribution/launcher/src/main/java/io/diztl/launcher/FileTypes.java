package io.diztl.launcher;

import io.diztl.api.FileType;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

/** Converts between {@link FileType}, the wire's enum and the lower-case names users type. */
final class FileTypes {

  private static final String WIRE_PREFIX = "FILE_TYPE_";

  private FileTypes() {}

  /** The wire value of a type. */
  static io.diztl.proto.v1.FileType toWire(FileType type) {
    return io.diztl.proto.v1.FileType.valueOf(WIRE_PREFIX + type.name());
  }

  /** The lower-case name of a wire type, as {@code --type} takes it; {@code other} when unknown. */
  static String name(io.diztl.proto.v1.FileType type) {
    return switch (type) {
      case FILE_TYPE_UNSPECIFIED, UNRECOGNIZED -> FileType.OTHER.name().toLowerCase(Locale.ROOT);
      default -> type.name().substring(WIRE_PREFIX.length()).toLowerCase(Locale.ROOT);
    };
  }

  /** The names {@code --type} accepts, for help texts. */
  static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(FileType.values())
          .map(type -> type.name().toLowerCase(Locale.ROOT))
          .iterator();
    }
  }
}
