package io.diztl.index;

import static io.diztl.index.IndexTestFiles.awaitIdle;
import static io.diztl.index.IndexTestFiles.sha256;
import static io.diztl.index.IndexTestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.SearchQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShareIndexReconcileTest {

  @TempDir Path share;
  @TempDir Path indexDir;

  private static Map<String, IndexedFile> all(ShareIndex index) {
    SearchQuery everything =
        new SearchQuery("", Optional.empty(), 0, Long.MAX_VALUE, Optional.empty(), 1000);
    return index.search(everything).stream()
        .collect(Collectors.toMap(IndexedFile::path, Function.identity()));
  }

  private static Map<String, IndexedFile> named(ShareIndex index, String words) {
    return index.search(SearchQuery.ofText(words)).stream()
        .collect(Collectors.toMap(IndexedFile::path, Function.identity()));
  }

  @Test
  void hashesEveryFileInTheBackground() throws IOException {
    write(share, "a.txt", "alpha");
    write(share, "sub/deeper/b.bin", "b".repeat(3 << 20));
    Files.createFile(share.resolve("empty"));
    try (ShareIndex index = IndexTestFiles.open(share, indexDir)) {
      index.reconcile();
      awaitIdle(index);
      Map<String, IndexedFile> files = all(index);
      assertEquals(sha256("alpha"), files.get("a.txt").sha256());
      assertEquals(sha256("b".repeat(3 << 20)), files.get("sub/deeper/b.bin").sha256());
      assertEquals(sha256(""), files.get("empty").sha256());
      assertEquals(new IndexStats(3, 5 + (3 << 20), 3), index.stats());
    }
  }

  @Test
  void indexesEveryFileOfAShareLargerThanOneWriteBatch() throws IOException {
    int count = 2_345; // several batches of the reconcile's writing threads and a partial one
    for (int i = 0; i < count; i++) {
      write(share, "folder-" + (i % 7) + "/file-" + i + ".txt", "content " + i);
    }
    try (ShareIndex index = IndexTestFiles.open(share, indexDir)) {
      index.reconcile();
      awaitIdle(index);
      assertEquals(count, index.stats().files());
      assertEquals(count, index.stats().hashed());
      SearchQuery last =
          new SearchQuery("file 2344", Optional.empty(), 0, Long.MAX_VALUE, Optional.empty(), 10);
      List<IndexedFile> hits = index.search(last);
      assertEquals("folder-6/file-2344.txt", hits.getFirst().path());
      assertEquals(sha256("content 2344"), hits.getFirst().sha256());
      index.reconcile();
      assertEquals(count, index.stats().files());
    }
  }

  @Test
  void reconcilesInTheBackgroundAndSaysHowFarItIs() throws IOException {
    int count = 3_000;
    long bytes = 0;
    for (int i = 0; i < count; i++) {
      bytes +=
          write(share, "folder-" + (i % 5) + "/song-" + i + ".mp3", "tune " + i).toFile().length();
    }
    try (ShareIndex index = IndexTestFiles.open(share, indexDir)) {
      assertEquals(-1, index.filesScanned(), "no scan before one is started");
      assertTrue(index.awaitScan(Duration.ZERO), "nothing to wait for");
      index.reconcileInBackground();
      long scanned = index.filesScanned();
      assertTrue(scanned >= 0 && scanned <= count, "scanning from the start: " + scanned);
      // Searches and stats answer during the scan (from what is indexed so far): they must not
      // fail.
      index.stats();
      all(index);
      assertThrows(IllegalStateException.class, index::reconcileInBackground);
      assertTrue(index.awaitScan(IndexTestFiles.IDLE_TIMEOUT));
      assertEquals(-1, index.filesScanned(), "no scan once it ended");
      assertEquals(count, index.stats().files(), "every file searchable once the scan ended");
      awaitIdle(index);
      assertEquals(new IndexStats(count, bytes, count), index.stats());
    }
  }

  @Test
  void changesReportedDuringABackgroundReconcileAreKept() throws IOException {
    int count = 3_000;
    for (int i = 0; i < count; i++) {
      write(share, "folder-" + (i % 5) + "/file-" + i + ".txt", "content " + i);
    }
    try (ShareIndex index = IndexTestFiles.open(share, indexDir)) {
      index.reconcileInBackground();
      // What the watcher reports while the walk runs, whichever files it has reached by then.
      Path gone = share.resolve("folder-4/file-2999.txt");
      Files.delete(gone);
      index.fileDeleted(gone);
      Path changed = write(share, "folder-3/file-1233.txt", "changed content");
      index.fileChanged(changed);
      Path added = write(share, "late/added.txt", "added late");
      index.fileChanged(added);
      assertTrue(index.awaitScan(IndexTestFiles.IDLE_TIMEOUT));
      awaitIdle(index);

      assertEquals(count, index.stats().files(), "one gone, one added");
      assertEquals(count, index.stats().hashed());
      assertFalse(named(index, "2999").containsKey("folder-4/file-2999.txt"), "stays deleted");
      assertEquals(
          sha256("changed content"), named(index, "1233").get("folder-3/file-1233.txt").sha256());
      assertEquals(sha256("added late"), named(index, "added").get("late/added.txt").sha256());
      assertEquals(
          sha256("content 1234"), named(index, "1234").get("folder-4/file-1234.txt").sha256());
    }
  }

  @Test
  void closingStopsABackgroundReconcile() throws IOException {
    for (int i = 0; i < 3_000; i++) {
      write(share, "many/file-" + i + ".txt", "x" + i);
    }
    ShareIndex index = IndexTestFiles.open(share, indexDir);
    index.reconcileInBackground();
    index.close();
    try (ShareIndex reopened = IndexTestFiles.open(share, indexDir)) {
      reopened.reconcile();
      awaitIdle(reopened);
      assertEquals(3_000, reopened.stats().files());
    }
  }

  @Test
  void reopenedIndexIsReusedAndOnlyTheDifferencesAreApplied() throws IOException {
    Path kept = write(share, "kept.txt", "original");
    write(share, "gone.txt", "bye");
    write(share, "sub/changed.txt", "short");
    try (ShareIndex index = IndexTestFiles.open(share, indexDir)) {
      index.reconcile();
      awaitIdle(index);
      assertEquals(3, index.stats().hashed());
    }

    // Same size and modification time: the stored hash must survive (the file is not re-read).
    FileTime keptTime = Files.getLastModifiedTime(kept);
    Files.writeString(kept, "ORIGINAL");
    Files.setLastModifiedTime(kept, keptTime);
    Files.delete(share.resolve("gone.txt"));
    write(share, "sub/changed.txt", "much longer now");
    write(share, "new.txt", "fresh");

    try (ShareIndex index = IndexTestFiles.open(share, indexDir)) {
      assertEquals(3, index.stats().files(), "stored index reused before reconciling");
      index.reconcile();
      awaitIdle(index);
      Map<String, IndexedFile> files = all(index);
      assertEquals(
          List.of("kept.txt", "new.txt", "sub/changed.txt"),
          files.keySet().stream().sorted().toList());
      assertEquals(sha256("original"), files.get("kept.txt").sha256());
      assertEquals(sha256("much longer now"), files.get("sub/changed.txt").sha256());
      assertEquals(15, files.get("sub/changed.txt").size());
      assertEquals(sha256("fresh"), files.get("new.txt").sha256());
      assertEquals(new IndexStats(3, 8 + 15 + 5, 3), index.stats());
    }
  }

  @Test
  void neverIndexesLinksExcludedFoldersOrTransferFiles(@TempDir Path outside) throws IOException {
    Path real = write(share, "real.txt", "real");
    write(outside, "secret.txt", "secret");
    Files.createSymbolicLink(share.resolve("link.txt"), real);
    Files.createSymbolicLink(share.resolve("linked-folder"), outside);
    write(share, "data/excluded.txt", "excluded");
    write(share, "movie.mkv.diztl-part", "partial");
    write(share, ".diztl-tmp-123", "temp");
    Path innerIndex = share.resolve(".index");
    try (ShareIndex index = IndexTestFiles.open(share, innerIndex, share.resolve("data"))) {
      index.reconcile();
      awaitIdle(index);
      assertEquals(List.of("real.txt"), List.copyOf(all(index).keySet()));

      index.fileChanged(share.resolve("link.txt"));
      index.fileChanged(share.resolve("linked-folder/secret.txt"));
      index.fileChanged(share.resolve("data/excluded.txt"));
      index.fileChanged(share.resolve("movie.mkv.diztl-part"));
      index.fileChanged(innerIndex.resolve("segments_1"));
      awaitIdle(index);
      assertEquals(List.of("real.txt"), List.copyOf(all(index).keySet()));
    }
  }

  @Test
  void aShareReachedThroughALinkIsIndexed(@TempDir Path links) throws IOException {
    write(share, "music/track.mp3", "track");
    write(share, "private/diary.txt", "secret");
    Path linkedShare = Files.createSymbolicLink(links.resolve("share"), share);
    // Excluded folder given in the real form, events arriving in the linked form.
    try (ShareIndex index = IndexTestFiles.open(linkedShare, indexDir, share.resolve("private"))) {
      index.reconcile();
      index.fileChanged(linkedShare.resolve("private/diary.txt"));
      Path added = write(linkedShare, "music/new.mp3", "new");
      index.fileChanged(added);
      awaitIdle(index);
      assertEquals(
          List.of("music/new.mp3", "music/track.mp3"),
          all(index).keySet().stream().sorted().toList());
      assertEquals(sha256("new"), all(index).get("music/new.mp3").sha256());
    }
  }

  @Test
  void aFileReplacedByALinkLeavesTheIndex() throws IOException {
    Path file = write(share, "file.txt", "content");
    Path target = write(share, "target.txt", "target");
    try (ShareIndex index = IndexTestFiles.open(share, indexDir)) {
      index.reconcile();
      Files.delete(file);
      Files.createSymbolicLink(file, target);
      index.fileChanged(file);
      awaitIdle(index);
      assertEquals(List.of("target.txt"), List.copyOf(all(index).keySet()));
    }
  }

  @Test
  void sha256RecomputesAfterAModificationTheIndexMissed() throws IOException {
    Path file = write(share, "doc.txt", "version one");
    try (ShareIndex index = IndexTestFiles.open(share, indexDir)) {
      index.reconcile();
      awaitIdle(index);
      IndexedFile indexed = index.get(ShareIndex.idOf("doc.txt")).orElseThrow();
      assertEquals(sha256("version one"), index.sha256(indexed));

      Files.writeString(file, "version two, longer");
      assertEquals(sha256("version two, longer"), index.sha256(indexed));
      awaitIdle(index);
      IndexedFile updated = index.get(indexed.id()).orElseThrow();
      assertEquals(sha256("version two, longer"), updated.sha256());
      assertEquals(19, updated.size());

      Files.delete(file);
      DiztlException gone = assertThrows(DiztlException.class, () -> index.sha256(updated));
      assertTrue(gone.getMessage().contains("doc.txt"), gone.getMessage());
    }
  }

  @Test
  void resolvesAndIdentifiesFiles() throws IOException {
    write(share, "sub/file.txt", "x");
    try (ShareIndex index = IndexTestFiles.open(share, indexDir)) {
      index.reconcile();
      IndexedFile file = index.get(ShareIndex.idOf("sub/file.txt")).orElseThrow();
      assertEquals(share.toRealPath().resolve("sub/file.txt"), index.confine(file.path()));
      assertEquals(share.toAbsolutePath().normalize(), index.shareDir());
      // First 12 bytes of SHA-256("sub/file.txt").
      assertEquals(sha256("sub/file.txt").substring(0, 24), file.id());
      IndexedFile escaping =
          new IndexedFile("x", "../escape.txt", "escape.txt", "txt", file.type(), 1, 1, "", 0f);
      assertEquals(
          ErrorKind.PERMISSION_DENIED,
          assertThrows(DiztlException.class, () -> index.confine(escaping.path())).kind());
      assertThrows(DiztlException.class, () -> index.sha256(escaping));
    }
  }

  @Test
  void refusesAMissingShareAndAnIndexInUse() {
    assertThrows(
        DiztlException.class, () -> IndexTestFiles.open(share.resolve("missing"), indexDir));
    ShareIndex index = IndexTestFiles.open(share, indexDir);
    try {
      DiztlException inUse =
          assertThrows(DiztlException.class, () -> IndexTestFiles.open(share, indexDir));
      assertTrue(inUse.getMessage().contains("in use"), inUse.getMessage());
    } finally {
      index.close();
    }
    assertThrows(DiztlException.class, index::stats);
    index.close();
    // The lock is released: the index opens again.
    IndexTestFiles.open(share, indexDir).close();
  }
}
