package io.diztl.node.internal.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.FileType;
import io.diztl.api.ui.FolderEntry;
import io.diztl.api.ui.FolderListing;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FolderWalkTest {

  @Test
  void followsEveryPageAndSubFolder() {
    Map<String, FolderListing> pages =
        Map.of(
            "music|",
                listing("music", "p2", folder("jazz", "music/jazz"), file("a.mp3", "music/a.mp3")),
            "music|p2", listing("music", "", file("b.mp3", "music/b.mp3")),
            "music/jazz|", listing("music/jazz", "", file("c.mp3", "music/jazz/c.mp3")));

    List<FolderWalk.FoundFile> files =
        FolderWalk.files((path, token) -> pages.get(path + "|" + token), "music");

    assertEquals(
        List.of("[] a.mp3", "[] b.mp3", "[jazz] c.mp3"),
        files.stream().map(f -> f.folders() + " " + f.entry().name()).toList());
  }

  @Test
  void aFolderThatContainsItselfIsWalkedOnce() {
    FolderListing loop = listing("x", "", folder("x", "x"), file("a", "x/a"));

    assertEquals(1, FolderWalk.files((path, token) -> loop, "x").size());
  }

  @Test
  void endlessPagesStop() {
    DiztlException e =
        assertThrows(
            DiztlException.class,
            () -> FolderWalk.files((path, token) -> listing(path, token + "n"), ""));

    assertEquals(ErrorKind.RESOURCE_EXHAUSTED, e.kind());
  }

  @Test
  void endlesslyDeepFoldersStop() {
    DiztlException e =
        assertThrows(
            DiztlException.class,
            () ->
                FolderWalk.files(
                    (path, token) -> listing(path, "", folder("d", path + "/d")), "root"));

    assertEquals(ErrorKind.RESOURCE_EXHAUSTED, e.kind());
  }

  private static FolderListing listing(String path, String next, FolderEntry... entries) {
    return new FolderListing("aa", "alice", path, List.of(entries), next);
  }

  private static FolderEntry folder(String name, String path) {
    return new FolderEntry(name, path, true, 0, 0, FileType.OTHER, "", "", 0);
  }

  private static FolderEntry file(String name, String path) {
    return new FolderEntry(
        name,
        path,
        false,
        1,
        1,
        FileType.AUDIO,
        "synw3u7n4pfy5s5kzpli3ycazub:" + "0".repeat(24),
        "",
        0);
  }
}
