package io.diztl.index.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexStoreTest {

  private static final FileStamp STAMP = new FileStamp(3, 1_000);

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
      store.addBulk(new FileRecord("a/b.txt", STAMP, ""));
      long deadline = System.nanoTime() + 10 * IndexStore.BULK_REFRESH_MILLIS * 1_000_000;
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
  void aBulkAddReplacesWhatAnotherWriterWroteMeanwhile() {
    store.beginBulk();
    store.upsert(new FileRecord("a.txt", STAMP, "abc"));
    store.addBulk(new FileRecord("a.txt", STAMP, ""));
    store.addBulk(new FileRecord("b.txt", STAMP, ""));
    store.endBulk();
    assertEquals(2, store.stats().files());

    // Once the bulk write ended, other writes are no longer remembered for it.
    store.beginBulk();
    store.addBulk(new FileRecord("c.txt", STAMP, ""));
    store.endBulk();
    assertEquals(3, store.stats().files());
    assertTrue(
        store.findByPaths(List.of("a.txt", "b.txt", "c.txt")).values().stream()
            .allMatch(record -> record.sha256().isEmpty()));
  }
}
