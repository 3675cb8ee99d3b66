package io.diztl.index.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexStoreTest {

  private static final FileStamp STAMP = new FileStamp(3, 1_000);
  private static final FileStamp NEWER = new FileStamp(4, 2_000);

  @TempDir Path indexDir;
  private IndexStore store;

  @BeforeEach
  void open() {
    store = IndexStore.open(indexDir);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void aBulkWriteBecomesSearchableWhileItRuns() throws InterruptedException {
    store.beginBulk();
    try {
      store.writeBulk(new FileRecord("a/b.txt", STAMP, ""), true);
      long deadline = System.nanoTime() + 3 * IndexStore.QUIET_BULK_REFRESH_MILLIS * 1_000_000;
      while (store.stats().files() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(1, store.stats().files(), "searchable before the bulk write ends");
      assertEquals("a/b.txt", store.findById(DocumentMapper.idOf("a/b.txt")).orElseThrow().path());
    } finally {
      store.endBulk();
    }
  }

  @Test
  void anotherWritersChangeDuringABulkWriteIsSearchableSooner() throws InterruptedException {
    store.beginBulk();
    try {
      store.writeBulk(new FileRecord("bulk.txt", STAMP, ""), true);
      store.upsert(new FileRecord("watched.txt", STAMP, ""));
      // Well before a quiet bulk write's refresh: the other writer's change has one sooner.
      long deadline =
          System.nanoTime() + (IndexStore.QUIET_BULK_REFRESH_MILLIS - 1_000) * 1_000_000;
      while (store.stats().files() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(2, store.stats().files(), "searchable within the bulk's refresh");
    } finally {
      store.endBulk();
    }
  }

  @Test
  void aBulkWriteKeepsWhatAnotherWriterWroteMeanwhile() {
    store.beginBulk();
    store.upsert(new FileRecord("a.txt", NEWER, "abc"));
    assertFalse(store.writeBulk(new FileRecord("a.txt", STAMP, ""), true), "a.txt left alone");
    assertTrue(store.writeBulk(new FileRecord("b.txt", STAMP, ""), true));
    store.endBulk();
    assertEquals(2, store.stats().files());
    FileRecord live = store.findByPaths(List.of("a.txt")).get("a.txt");
    assertEquals(NEWER, live.stamp());
    assertEquals("abc", live.sha256());

    // Once the bulk write ended, other writes are no longer remembered for it.
    store.beginBulk();
    assertTrue(store.writeBulk(new FileRecord("a.txt", STAMP, "def"), false));
    store.endBulk();
    assertEquals(2, store.stats().files());
    assertEquals("def", store.findByPaths(List.of("a.txt")).get("a.txt").sha256());
  }

  @Test
  void aFileDeletedDuringABulkWriteStaysDeleted() {
    store.beginBulk();
    store.deleteTree("gone.txt");
    assertFalse(store.writeBulk(new FileRecord("gone.txt", STAMP, ""), true));
    store.endBulk();
    assertEquals(0, store.stats().files());
    assertTrue(store.findByPaths(List.of("gone.txt")).isEmpty());
  }

  @Test
  void aStaleDeleteSparesAFileWrittenAgainDuringTheBulkWrite() {
    store.upsert(new FileRecord("back.txt", STAMP, ""));
    store.upsert(new FileRecord("gone.txt", STAMP, ""));
    store.refresh();
    store.beginBulk();
    store.upsert(new FileRecord("back.txt", NEWER, ""));
    store.deleteStale(List.of("back.txt", "gone.txt"));
    store.endBulk();
    Map<String, FileRecord> left = store.findByPaths(List.of("back.txt", "gone.txt"));
    assertEquals(Set.of("back.txt"), left.keySet());
    assertEquals(NEWER, left.get("back.txt").stamp());
  }
}
