package io.diztl.launcher;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The picocli the launcher runs on is the one compiled for a current Java (module {@code
 * diztl-picocli}): the released jar's Java 5 class files (version 49) are verified by the old
 * verifier, and a JDK 25 ahead-of-time cache with class linking cannot hold them, so that every
 * client command parsed and verified 170 of them at start.
 */
class PicocliBytecodeTest {

  /** The first class file version of the split verifier, the one the AOT cache can link. */
  private static final int SPLIT_VERIFIER_VERSION = 50;

  @Test
  void picocliClassesAreOfAVersionTheAheadOfTimeCacheHolds() throws IOException {
    for (Class<?> type :
        List.of(CommandLine.class, CommandLine.Model.CommandSpec.class, CommandLine.Help.class)) {
      int version = majorVersion(type);
      assertTrue(
          version >= SPLIT_VERIFIER_VERSION,
          type.getName() + " has class file version " + version + ", the AOT cache skips it");
    }
  }

  private static int majorVersion(Class<?> type) throws IOException {
    String resource = type.getName().substring(type.getPackageName().length() + 1) + ".class";
    try (InputStream in = type.getResourceAsStream(resource)) {
      assertTrue(in != null, "no class file for " + type.getName());
      DataInputStream data = new DataInputStream(in);
      data.readInt(); // 0xCAFEBABE
      data.readUnsignedShort(); // minor version
      return data.readUnsignedShort();
    }
  }
}
