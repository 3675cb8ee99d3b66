package io.diztl.index;

import static io.diztl.index.IndexTestFiles.awaitIdle;
import static io.diztl.index.IndexTestFiles.sha256;
import static io.diztl.index.IndexTestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.FileType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShareIndexListTest {

  // One temporary folder for the share and what lies outside it, so links never leave it.
  @TempDir Path temp;
  @TempDir Path indexDir;
  private Path share;
  private Path outside;
  private ShareIndex index;

  @BeforeEach
  void createFolders() throws IOException {
    share = Files.createDirectories(temp.resolve("share"));
    outside = Files.createDirectories(temp.resolve("outside"));
  }

  @AfterEach
  void close() {
    if (index != null) {
      index.close();
    }
  }

  private ShareIndex indexed() {
    index = IndexTestFiles.open(share, indexDir);
    index.reconcile();
    return index;
  }

  private Path writeDated(String relative, String content, long modifiedMillis) throws IOException {
    Path file = IndexTestFiles.write(share, relative, content);
    Files.setLastModifiedTime(file, FileTime.fromMillis(modifiedMillis));
    return file;
  }

  private List<String> names(String folder) {
    return index.list(folder, "", 0).entries().stream().map(FolderItem::name).toList();
  }

  /** Every entry of {@code folder}, page by page. */
  private List<FolderItem> all(String folder, int pageSize) {
    List<FolderItem> entries = new ArrayList<>();
    String token = "";
    do {
      FolderPage page = index.list(folder, token, pageSize);
      assertTrue(page.entries().size() <= pageSize, "page size " + page.entries().size());
      entries.addAll(page.entries());
      token = page.nextPageToken();
      assertTrue(token.matches("[A-Za-z0-9_-]*"), "URL-safe token: " + token);
    } while (!token.isEmpty());
    return entries;
  }

  private static void assertRefused(ErrorKind kind, Runnable call) {
    DiztlException e = assertThrows(DiztlException.class, call::run);
    assertEquals(kind, e.kind(), e.getMessage());
  }

  @Test
  void listsDirectChildrenWithFolderTotalsAtAnyDepth() throws IOException {
    writeDated("a.txt", "abc", 1_000);
    writeDated("Music/x.mp3", "12345", 2_000);
    writeDated("Music/Jazz/y.flac", "1234567", 5_000);
    writeDated("Music/Jazz/Deep/z.flac", "12", 3_000);
    writeDated("docs/readme.md", "hello", 4_000);
    indexed();
    awaitIdle(index);

    FolderPage root = index.list("", "", 0);

    assertEquals("", root.path());
    assertEquals("", root.nextPageToken());
    assertEquals(
        List.of(
            new FolderItem("docs", "docs", true, 5, 1, FileType.OTHER, "", "", 4_000),
            new FolderItem("Music", "Music", true, 14, 3, FileType.OTHER, "", "", 5_000),
            new FolderItem(
                "a.txt",
                "a.txt",
                false,
                3,
                1,
                FileType.DOCUMENT,
                ShareIndex.idOf("a.txt"),
                sha256("abc"),
                1_000)),
        root.entries());

    FolderPage music = index.list("Music/", "", 0);
    assertEquals("Music", music.path());
    assertEquals(
        List.of(
            new FolderItem("Jazz", "Music/Jazz", true, 9, 2, FileType.OTHER, "", "", 5_000),
            new FolderItem(
                "x.mp3",
                "Music/x.mp3",
                false,
                5,
                1,
                FileType.AUDIO,
                ShareIndex.idOf("Music/x.mp3"),
                sha256("12345"),
                2_000)),
        music.entries());
    assertEquals(List.of("Deep", "y.flac"), names("Music/Jazz"));
    assertEquals(List.of("z.flac"), names("Music/Jazz/Deep"));
  }

  @Test
  void foldersComeFirstThenFilesEachByNameIgnoringCase() throws IOException {
    for (String name : List.of("b.txt", "B.txt", "a.txt", "C.txt", "_x.txt", "Ä.txt")) {
      write(share, name, "x");
    }
    write(share, "zeta/f", "x");
    write(share, "Alpha/f", "x");
    write(share, "alpha/f", "x");
    indexed();

    assertEquals(
        List.of("Alpha", "alpha", "zeta", "_x.txt", "a.txt", "B.txt", "b.txt", "C.txt", "Ä.txt"),
        names(""));
  }

  @Test
  void pagesFollowOnUntilTheLastOne() throws IOException {
    for (String name : List.of("d1/f", "d2/f", "d3/f", "f1", "f2", "f3", "f4")) {
      write(share, name, "x");
    }
    indexed();
    List<FolderItem> whole = index.list("", "", 0).entries();

    FolderPage first = index.list("", "", 3);
    FolderPage second = index.list("", first.nextPageToken(), 3);
    FolderPage third = index.list("", second.nextPageToken(), 3);

    assertEquals(whole.subList(0, 3), first.entries());
    assertEquals(whole.subList(3, 6), second.entries());
    assertEquals(whole.subList(6, 7), third.entries());
    assertEquals("", third.nextPageToken());
    assertEquals(whole, all("", 1));
    assertEquals(whole, all("", 7));
  }

  @Test
  void pagesStayConsistentWhenFilesChangeBetweenThem() throws IOException {
    for (String name : List.of("a", "b", "c", "d", "e")) {
      write(share, "box/" + name, "x");
    }
    indexed();
    FolderPage first = index.list("box", "", 2);
    assertEquals(List.of("a", "b"), first.entries().stream().map(FolderItem::name).toList());

    index.fileChanged(write(share, "box/aa", "x")); // before the page: not seen
    index.fileChanged(write(share, "box/bb", "x")); // after it: seen
    Files.delete(share.resolve("box/a"));
    index.fileDeleted(share.resolve("box/a"));
    Files.delete(share.resolve("box/c"));
    index.fileDeleted(share.resolve("box/c"));
    awaitIdle(index);

    List<String> rest = new ArrayList<>();
    String token = first.nextPageToken();
    while (!token.isEmpty()) {
      FolderPage page = index.list("box", token, 2);
      page.entries().forEach(entry -> rest.add(entry.name()));
      token = page.nextPageToken();
    }
    assertEquals(List.of("bb", "d", "e"), rest);
  }

  @Test
  void pageSizeDefaultsTo500AndIsCappedAt1000() throws IOException {
    for (int i = 0; i < 1_001; i++) {
      write(share, "many/" + i, "");
    }
    indexed();

    assertEquals(ShareIndex.DEFAULT_PAGE_SIZE, index.list("many", "", 0).entries().size());
    FolderPage capped = index.list("many", "", Integer.MAX_VALUE);
    assertEquals(ShareIndex.MAX_PAGE_SIZE, capped.entries().size());
    assertEquals(1, index.list("many", capped.nextPageToken(), 1000).entries().size());
    assertRefused(ErrorKind.INVALID_ARGUMENT, () -> index.list("many", "", -1));
  }

  @Test
  void emptyShareListsNothing() {
    indexed();

    assertEquals(new FolderPage("", List.of(), ""), index.list("", "", 0));
  }

  @Test
  void folderTheIndexHoldsNothingUnderIsNotFound() throws IOException {
    write(share, "kept/file.txt", "x");
    Files.createDirectories(share.resolve("empty"));
    indexed();

    assertRefused(ErrorKind.NOT_FOUND, () -> index.list("missing", "", 0));
    assertRefused(ErrorKind.NOT_FOUND, () -> index.list("empty", "", 0));
    assertRefused(ErrorKind.NOT_FOUND, () -> index.list("kept/file.txt", "", 0));
    assertRefused(ErrorKind.NOT_FOUND, () -> index.list("kep", "", 0));
  }

  @Test
  void oddNamesListAndPage() throws IOException {
    List<String> odd =
        List.of(
            "with space.txt",
            "hash#1.txt",
            "100%.txt",
            "quote'\"s.txt",
            "emoji \uD83D\uDE00.txt",
            "\u65E5\u672C\u8A9E.txt",
            "plus+and&amp=.txt");
    for (String name : odd) {
      write(share, "\u00FCn\u00EFc\u00F6d\u00E9 folder/" + name, name);
    }
    write(share, "%2e%2e/x", "x");
    indexed();

    assertEquals(List.of("%2e%2e", "\u00FCn\u00EFc\u00F6d\u00E9 folder"), names(""));
    List<FolderItem> entries = all("\u00FCn\u00EFc\u00F6d\u00E9 folder", 1);
    assertEquals(
        odd.stream().sorted(String.CASE_INSENSITIVE_ORDER).toList(),
        entries.stream().map(FolderItem::name).toList());
    for (FolderItem entry : entries) {
      assertEquals("\u00FCn\u00EFc\u00F6d\u00E9 folder/" + entry.name(), entry.path());
      assertEquals(ShareIndex.idOf(entry.path()), entry.id());
      assertEquals(entry.name().getBytes(StandardCharsets.UTF_8).length, entry.size());
    }
    assertEquals(List.of("x"), names("%2e%2e"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"!!!", "Zg", "ZA", "eA", "ZGEvYg", "////"})
  void malformedPageTokenIsInvalidArgument(String token) throws IOException {
    write(share, "f.txt", "x");
    indexed();

    assertRefused(ErrorKind.INVALID_ARGUMENT, () -> index.list("", token, 0));
  }

  @Test
  void pageTokenThatIsNotUtf8OrTooLongIsInvalidArgument() {
    indexed();
    String notUtf8 = Base64.getUrlEncoder().encodeToString(new byte[] {'f', (byte) 0xC3, 0x28});

    assertRefused(ErrorKind.INVALID_ARGUMENT, () -> index.list("", notUtf8, 0));
    assertRefused(ErrorKind.INVALID_ARGUMENT, () -> index.list("", "Zm9v".repeat(10_000), 0));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/",
        "/etc",
        "..",
        "../x",
        "a/../b",
        ".",
        "./a",
        "a/.",
        "a\\b",
        "a//b",
        "//",
        "a/b//",
        "a\u0000b",
        "a\nb",
        "\u007f"
      })
  void hostilePathIsInvalidArgument(String path) throws IOException {
    write(share, "a/b/c.txt", "x");
    indexed();

    assertRefused(ErrorKind.INVALID_ARGUMENT, () -> index.list(path, "", 0));
  }

  @Test
  void overLongPathIsInvalidArgument() {
    indexed();

    assertRefused(ErrorKind.INVALID_ARGUMENT, () -> index.list("\u00E9".repeat(2_049), "", 0));
  }

  @Test
  void symlinkedFolderIsPermissionDeniedWhereverItPoints() throws IOException {
    write(share, "real/f.txt", "x");
    IndexTestFiles.write(outside, "secret.txt", "x");
    Files.createSymbolicLink(share.resolve("out"), outside);
    Files.createSymbolicLink(share.resolve("in"), share.resolve("real"));
    Files.createSymbolicLink(share.resolve("real/up"), share);
    indexed();

    assertEquals(List.of("real"), names(""));
    assertEquals(List.of("f.txt"), names("real"));
    for (String path : List.of("out", "out/", "in", "real/up", "real/up/real")) {
      assertRefused(ErrorKind.PERMISSION_DENIED, () -> index.list(path, "", 0));
    }
  }
}
