package io.diztl.launcher;

import io.diztl.api.FileType;
import io.diztl.node.WireTypes;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

/** The lower-case names users type and read for {@link FileType}s. */
final class FileTypes {

  private FileTypes() {}

  /** The lower-case name of a wire type, as {@code --type} takes it; {@code other} when unknown. */
  static String name(io.diztl.proto.v1.FileType type) {
    return WireTypes.ofFile(type).name().toLowerCase(Locale.ROOT);
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
