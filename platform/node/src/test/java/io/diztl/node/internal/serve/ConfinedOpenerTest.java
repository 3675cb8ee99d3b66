package io.diztl.node.internal.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfinedOpenerTest {

  @TempDir Path temp;
  private Path share;
  private Path outside;
  private final ConfinedOpener opener = new ConfinedOpener(false);

  @BeforeEach
  void setUp() throws IOException {
    share = Files.createDirectories(temp.resolve("share"));
    outside = Files.createDirectories(temp.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "secret");
  }

  @Test
  void opensAFileInANestedFolder() throws IOException {
    Files.createDirectories(share.resolve("a/b"));
    Files.writeString(share.resolve("a/b/c.txt"), "inside");
    assertEquals("inside", read("a/b/c.txt"));
  }

  @Test
  void aHardLinkToAFileOutsideIsRefused() throws IOException {
    Files.createLink(share.resolve("link.txt"), outside.resolve("secret.txt"));
    DiztlException e = assertThrows(DiztlException.class, () -> read("link.txt"));
    assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
    assertEquals(
        "file link.txt has other hard links, which may lie outside the share", e.getMessage());
  }

  @Test
  void aHardLinkIsServedWhenAllowed() throws IOException {
    Files.createLink(share.resolve("link.txt"), outside.resolve("secret.txt"));
    try (var opened = new ConfinedOpener(true).open(share, "link.txt").channel()) {
      assertEquals(6, opened.size());
    }
  }

  @Test
  void aSymbolicLinkAsFileOrFolderIsOutside() throws IOException {
    Files.createSymbolicLink(share.resolve("file.txt"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(share.resolve("dir"), outside);
    Files.createDirectories(share.resolve("real"));
    Files.createSymbolicLink(share.resolve("real/inner"), outside);
    for (String path : new String[] {"file.txt", "dir/secret.txt", "real/inner/secret.txt"}) {
      DiztlException e = assertThrows(DiztlException.class, () -> read(path), path);
      assertEquals(ErrorKind.PERMISSION_DENIED, e.kind(), path);
      assertEquals("file " + path + " is outside the share folder", e.getMessage());
    }
  }

  @Test
  void climbingOrOddSegmentsAreOutside() {
    for (String path :
        new String[] {"../outside/secret.txt", "a/../../x", "./x", "a//b", "", "/x"}) {
      DiztlException e = assertThrows(DiztlException.class, () -> read(path), path);
      assertEquals(ErrorKind.PERMISSION_DENIED, e.kind(), path);
    }
    DiztlException nul = assertThrows(DiztlException.class, () -> read("a\0b"));
    assertEquals(ErrorKind.PERMISSION_DENIED, nul.kind());
  }

  @Test
  void missingFileOrFolderIsNotFoundAndAFolderIsNoRegularFile() throws IOException {
    assertEquals(ErrorKind.NOT_FOUND, assertThrows(DiztlException.class, () -> read("no")).kind());
    assertEquals(
        ErrorKind.NOT_FOUND, assertThrows(DiztlException.class, () -> read("no/x")).kind());
    Files.createDirectories(share.resolve("sub"));
    DiztlException folder = assertThrows(DiztlException.class, () -> read("sub"));
    assertEquals(ErrorKind.PERMISSION_DENIED, folder.kind());
    assertEquals("file sub is not a regular file", folder.getMessage());
  }

  @Test
  void aFileWhereAFolderIsExpectedIsNotFound() throws IOException {
    Files.writeString(share.resolve("plain"), "x");
    assertEquals(
        ErrorKind.NOT_FOUND, assertThrows(DiztlException.class, () -> read("plain/x")).kind());
  }

  private String read(String relative) throws IOException {
    try (var channel = opener.open(share, relative).channel()) {
      ByteBuffer buffer = ByteBuffer.allocate((int) channel.size());
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // reads to the end
      }
      return new String(buffer.array(), StandardCharsets.UTF_8);
    }
  }
}
