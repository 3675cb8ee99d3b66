package io.diztl.node.internal.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransferPlacementTest {

  @TempDir Path temp;

  @Test
  void safeNameDropsFoldersAndEmptyNames() {
    assertEquals("passwd", TransferPlacement.safeName("../../etc/passwd", temp));
    assertEquals("evil.exe", TransferPlacement.safeName("C:\\Windows\\evil.exe", temp));
    assertEquals("ab.txt", TransferPlacement.safeName("a\u0000b.txt", temp));
    assertEquals(".bashrc", TransferPlacement.safeName(".bashrc", temp));
    for (String useless : List.of("", ".", "..", "dir/", "a/..", " ")) {
      assertEquals("download", TransferPlacement.safeName(useless, temp), useless);
    }
  }

  @Test
  void numberedPutsTheNumberBeforeTheLastExtension() {
    assertEquals("movie.mkv", TransferPlacement.numbered("movie.mkv", 0));
    assertEquals("movie (1).mkv", TransferPlacement.numbered("movie.mkv", 1));
    assertEquals("a.tar (2).gz", TransferPlacement.numbered("a.tar.gz", 2));
    assertEquals("README (3)", TransferPlacement.numbered("README", 3));
    assertEquals(".bashrc (1)", TransferPlacement.numbered(".bashrc", 1));
  }

  @Test
  void placesUnderTheFirstFreeNameWithoutOverwriting() throws IOException {
    Path target = temp.resolve("target/nested");
    Files.createDirectories(target);
    Files.writeString(target.resolve("movie.mkv"), "old");
    Files.writeString(target.resolve("movie (1).mkv"), "older");
    Path partial = Files.writeString(temp.resolve("x.part"), "new");

    Path placed = TransferPlacement.place(partial, target, "movie.mkv");

    assertEquals(target.resolve("movie (2).mkv"), placed);
    assertEquals("new", Files.readString(placed));
    assertEquals("old", Files.readString(target.resolve("movie.mkv")));
    assertEquals("older", Files.readString(target.resolve("movie (1).mkv")));
    assertFalse(Files.exists(partial));
  }

  @Test
  void createsTheTargetFolder() throws IOException {
    Path partial = Files.writeString(temp.resolve("x.part"), "new");
    Path placed = TransferPlacement.place(partial, temp.resolve("a/b"), "f.txt");
    assertEquals(temp.resolve("a/b/f.txt"), placed);
    assertEquals("new", Files.readString(placed));
  }

  @Test
  void copiesAcrossFileSystems() throws IOException {
    Path shm = Path.of("/dev/shm");
    assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "needs /dev/shm");
    assumeTrue(!Files.getFileStore(shm).equals(Files.getFileStore(temp)), "needs two file systems");
    Path partialDir = Files.createTempDirectory(shm, "diztl-placement-test");
    try {
      byte[] content = new byte[300_000];
      new java.util.Random(7).nextBytes(content);
      Path partial = Files.write(partialDir.resolve("x.part"), content);
      Files.writeString(temp.resolve("f.bin"), "old");

      Path placed = TransferPlacement.place(partial, temp, "f.bin");

      assertEquals(temp.resolve("f (1).bin"), placed);
      assertArrayEquals(content, Files.readAllBytes(placed));
      assertEquals("old", Files.readString(temp.resolve("f.bin")));
      assertFalse(Files.exists(partial));
      try (Stream<Path> files = Files.list(temp)) {
        assertEquals(2, files.count(), "no temporary file left behind");
      }
    } finally {
      try (Stream<Path> files = Files.list(partialDir)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
      Files.delete(partialDir);
    }
  }
}
