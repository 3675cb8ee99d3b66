package io.diztl.index.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SharePathsTest {

  // One temporary folder for the share and what lies outside it, so links never leave it.
  @TempDir Path temp;
  private Path share;
  private Path outside;
  private SharePaths paths;

  @BeforeEach
  void create() throws IOException {
    share = Files.createDirectories(temp.resolve("share"));
    outside = Files.createDirectories(temp.resolve("outside"));
    Files.createDirectories(share.resolve("a/b"));
    Files.writeString(share.resolve("a/b/file.txt"), "x");
    Files.writeString(outside.resolve("secret.txt"), "x");
    Files.createSymbolicLink(share.resolve("out"), outside);
    Files.createSymbolicLink(share.resolve("in"), share.resolve("a"));
    Files.createSymbolicLink(share.resolve("a/link.txt"), share.resolve("a/b/file.txt"));
    paths = new SharePaths(share.toAbsolutePath().normalize(), List.of());
  }

  private static void assertKind(ErrorKind kind, Runnable call) {
    DiztlException e = assertThrows(DiztlException.class, call::run);
    assertEquals(kind, e.kind(), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "\"\"|\"\"",
        "a|a",
        "a/b|a/b",
        "a/b/|a/b",
        "with space/\u00FCn\u00EFc\u00F6d\u00E9|with space/\u00FCn\u00EFc\u00F6d\u00E9",
        ".hidden/x|.hidden/x",
        "..a/a..|..a/a..",
        ".../x|.../x",
        "100%/#1|100%/#1"
      })
  void requestedPathIsNormalised(String path, String expected) {
    assertEquals(expected, SharePaths.checkRequested(path));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/",
        "/a",
        "//",
        "..",
        "../a",
        "a/..",
        "a/../b",
        ".",
        "./a",
        "a/./b",
        "a/.",
        "a\\b",
        "\\a",
        "a//b",
        "a/b//",
        "a\u0000b",
        "a\tb",
        "a\nb",
        "a\rb",
        "\u007f",
        "\u0085"
      })
  void hostileRequestedPathIsInvalidArgument(String path) {
    DiztlException e = assertThrows(DiztlException.class, () -> SharePaths.checkRequested(path));
    assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
    assertTrue(e.getMessage().startsWith("expected "), e.getMessage());
    assertTrue(e.getMessage().chars().noneMatch(Character::isISOControl), "no control echoed");
  }

  @Test
  void pathLengthIsBoundedInBytes() {
    assertEquals(4096, SharePaths.checkRequested("x".repeat(4096)).length());
    assertEquals(2048, SharePaths.checkRequested("\u00E9".repeat(2048)).length());
    assertKind(ErrorKind.INVALID_ARGUMENT, () -> SharePaths.checkRequested("x".repeat(4097)));
    assertKind(ErrorKind.INVALID_ARGUMENT, () -> SharePaths.checkRequested("\u00E9".repeat(2049)));
    DiztlException e =
        assertThrows(DiztlException.class, () -> SharePaths.checkRequested("x".repeat(1_000_000)));
    assertTrue(e.getMessage().length() < 200, "the message quotes the start only");
  }

  @Test
  void confinementGivesTheRealPathOfWhatLiesInside() throws IOException {
    Path real = share.toRealPath();
    assertEquals(real, paths.confine(""));
    assertEquals(real.resolve("a/b"), paths.confine("a/b"));
    assertEquals(real.resolve("a/b/file.txt"), paths.confine("a/b/file.txt"));
  }

  @Test
  void confinementRefusesSymbolicLinksAndWhatLeadsOut() {
    for (String path :
        List.of("out", "out/secret.txt", "in", "in/b", "a/link.txt", "../x", "a/../../x")) {
      assertKind(ErrorKind.PERMISSION_DENIED, () -> paths.confine(path));
    }
  }

  @Test
  void confinementOfNothingIsNotFound() {
    assertKind(ErrorKind.NOT_FOUND, () -> paths.confine("a/missing"));
  }
}
