package io.diztl.node.internal.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FolderTargetsTest {

  private static final Path DOWNLOADS = Path.of("/home/u/downloads");

  @Test
  void keepsTheFoldersStructure() {
    assertEquals(
        DOWNLOADS.resolve("Albums/Kind of Blue/disc 1"),
        FolderTargets.resolve(DOWNLOADS, List.of("Albums", "Kind of Blue", "disc 1")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "..",
        ".",
        "...",
        "",
        "   ",
        "../../etc",
        "a/../../b",
        "/etc",
        "\\\\server\\share",
        "x\u0000y",
        "line\nbreak",
        "\u202Egnp.exe",
        "\u2066iso\u2069"
      })
  void aHostileNameStaysOneSegmentInsideTheDownloadsFolder(String name) {
    Path target = FolderTargets.resolve(DOWNLOADS, List.of(name, name));

    assertTrue(target.startsWith(DOWNLOADS), target.toString());
    assertEquals(DOWNLOADS.getNameCount() + 2, target.getNameCount(), target.toString());
    for (Path part : DOWNLOADS.relativize(target)) {
      String segment = part.toString();
      assertTrue(!segment.equals("..") && !segment.equals("."), segment);
      assertTrue(segment.chars().noneMatch(c -> c < 0x20 || c == 0x7f), segment);
      assertTrue(segment.chars().noneMatch(c -> c >= 0x202A && c <= 0x202E), segment);
      assertTrue(segment.chars().noneMatch(c -> c >= 0x2066 && c <= 0x2069), segment);
    }
  }

  @Test
  void sanitisesWithoutLosingWhatIsHarmless() {
    assertEquals("_", FolderTargets.segment(".."));
    assertEquals(".._.._etc", FolderTargets.segment("../../etc"));
    assertEquals("x_y", FolderTargets.segment("x\u0000y"));
    assertEquals("_gnp.exe", FolderTargets.segment("\u202Egnp.exe"));
    assertEquals("Müsik (live) [2]", FolderTargets.segment(" Müsik (live) [2] "));
    assertEquals(FolderTargets.MAX_SEGMENT, FolderTargets.segment("a".repeat(500)).length());
  }
}
