package io.diztl.node.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.diztl.api.DiztlException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlFileTest {

  @TempDir Path dir;

  private final ControlFile file =
      new ControlFile(4321, 4322, "ab".repeat(32), "0123456789abcdef", 77);

  @Test
  void writesAndReadsBack() {
    file.write(dir);

    assertEquals(Optional.of(file), ControlFile.read(dir));
  }

  @Test
  void replacesAnOlderFile() throws Exception {
    new ControlFile(1, 0, "old", "0123456789abcdef", 1).write(dir);

    file.write(dir);

    assertEquals(Optional.of(file), ControlFile.read(dir));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file is left behind");
    }
  }

  @Test
  void isReadableByItsOwnerOnly() throws Exception {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));

    file.write(dir);

    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(dir.resolve(ControlFile.NAME))));
  }

  @Test
  void isEmptyWhenMissingAndGoneAfterDelete() throws Exception {
    assertEquals(Optional.empty(), ControlFile.read(dir));
    file.write(dir);

    ControlFile.delete(dir);

    assertEquals(Optional.empty(), ControlFile.read(dir));
  }

  @Test
  void aFileOfANodeWithoutGrpcWebHasWebPortZero() throws Exception {
    Files.writeString(dir.resolve(ControlFile.NAME), "port=1\ntoken=t\nnode-id=x\npid=1\n");

    assertEquals(Optional.of(new ControlFile(1, 0, "t", "x", 1)), ControlFile.read(dir));
  }

  @Test
  void rejectsAFileWithoutAToken() throws Exception {
    Files.writeString(dir.resolve(ControlFile.NAME), "port=1\nnode-id=x\npid=1\n");

    DiztlException e = assertThrows(DiztlException.class, () -> ControlFile.read(dir));

    assertTrue(e.getMessage().contains("lacks 'token'"), e.getMessage());
  }
}
