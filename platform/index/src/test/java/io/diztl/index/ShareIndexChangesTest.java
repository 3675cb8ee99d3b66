package io.diztl.index;

import static io.diztl.index.IndexTestFiles.awaitIdle;
import static io.diztl.index.IndexTestFiles.sha256;
import static io.diztl.index.IndexTestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.SearchQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShareIndexChangesTest {

  @TempDir Path share;
  @TempDir Path indexDir;
  private ShareIndex index;

  @BeforeEach
  void open() {
    index = IndexTestFiles.open(share, indexDir);
    index.reconcile();
  }

  @AfterEach
  void close() {
    index.close();
  }

  private List<String> paths() {
    return index
        .search(new SearchQuery("", Optional.empty(), 0, Long.MAX_VALUE, Optional.empty(), 1000))
        .stream()
        .map(IndexedFile::path)
        .sorted()
        .toList();
  }

  private IndexedFile file(String path) {
    return index.get(ShareIndex.idOf(path)).orElseThrow(() -> new AssertionError(path));
  }

  @Test
  void changedFilesAreIndexedHashedAndUpdated() throws IOException {
    Path file = write(share, "notes/Meeting Notes.txt", "first");
    index.fileChanged(file);
    awaitIdle(index);
    assertEquals(
        List.of("notes/Meeting Notes.txt"),
        index.search(SearchQuery.ofText("meeting no")).stream().map(IndexedFile::path).toList());
    assertEquals(sha256("first"), file("notes/Meeting Notes.txt").sha256());

    Files.writeString(file, "second version");
    index.fileChanged(file);
    awaitIdle(index);
    assertEquals(14, file("notes/Meeting Notes.txt").size());
    assertEquals(sha256("second version"), file("notes/Meeting Notes.txt").sha256());
    assertEquals(new IndexStats(1, 14, 1), index.stats());
  }

  @Test
  void aChangedFileThatIsGoneIsRemoved() throws IOException {
    Path file = write(share, "brief.txt", "x");
    index.fileChanged(file);
    awaitIdle(index);
    Files.delete(file);
    index.fileChanged(file);
    awaitIdle(index);
    assertEquals(List.of(), paths());
  }

  @Test
  void pathsOutsideTheShareAreIgnored(@TempDir Path outside) throws IOException {
    index.fileChanged(write(outside, "elsewhere.txt", "x"));
    index.fileDeleted(outside.resolve("elsewhere.txt"));
    index.fileChanged(share.resolve("../x.txt"));
    index.fileChanged(share);
    awaitIdle(index);
    assertEquals(List.of(), paths());
  }

  @Test
  void deletingAFolderRemovesEverythingUnderIt() throws IOException {
    write(share, "album/one.mp3", "1");
    write(share, "album/disc 2/two.mp3", "2");
    write(share, "album2/three.mp3", "3");
    write(share, "album.txt", "4");
    index.reconcile();
    assertEquals(4, paths().size());

    for (String path : List.of("album/disc 2/two.mp3", "album/one.mp3", "album/disc 2", "album")) {
      Files.delete(share.resolve(path));
    }
    index.fileDeleted(share.resolve("album"));
    awaitIdle(index);
    assertEquals(List.of("album.txt", "album2/three.mp3"), paths());

    index.fileDeleted(share.resolve("album.txt"));
    awaitIdle(index);
    assertEquals(List.of("album2/three.mp3"), paths());
  }

  @Test
  void reconcileRemovesFilesDeletedWhileNobodyWatched() throws IOException {
    write(share, "a/1.txt", "1");
    write(share, "a/2.txt", "2");
    index.reconcile();
    Files.delete(share.resolve("a/1.txt"));
    index.reconcile();
    assertEquals(List.of("a/2.txt"), paths());
  }

  @Test
  void concurrentChangesAndSearchesKeepTheIndexConsistent() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Void>> work = new ArrayList<>();
      for (int writer = 0; writer < 3; writer++) {
        int w = writer;
        work.add(
            () -> {
              for (int i = 0; i < 50; i++) {
                index.fileChanged(write(share, "w" + w + "/file " + i + ".txt", "c" + w + i));
              }
              return null;
            });
      }
      work.add(
          () -> {
            for (int i = 0; i < 50; i++) {
              index.search(SearchQuery.ofText("file"));
              index.stats();
            }
            return null;
          });
      for (Future<Void> done : threads.invokeAll(work)) {
        done.get();
      }
    } finally {
      threads.shutdown();
    }
    awaitIdle(index);
    IndexStats stats = index.stats();
    assertEquals(150, stats.files());
    assertEquals(150, stats.hashed());
    assertEquals(sha256("c249"), file("w2/file 49.txt").sha256());
    assertTrue(paths().contains("w0/file 0.txt"));
  }
}
