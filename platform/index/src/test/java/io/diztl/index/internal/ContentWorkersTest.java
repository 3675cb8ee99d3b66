package io.diztl.index.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.metadata.FieldSpec;
import io.diztl.api.metadata.FieldType;
import io.diztl.api.metadata.FileSample;
import io.diztl.api.metadata.Metadata;
import io.diztl.api.search.SearchMatcher;
import io.diztl.index.MetadataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentWorkersTest {

  private static final List<MetaValue> METADATA =
      List.of(
          new MetaValue("content", FieldType.TEXT, "Kind of Blue"),
          new MetaValue("genre", FieldType.KEYWORD, "Jazz"),
          new MetaValue("duration", FieldType.NUMBER, 545.5),
          new MetaValue("released", FieldType.DATE, Instant.parse("1959-08-17T00:00:00Z")),
          new MetaValue("genre", FieldType.KEYWORD, "Modal"));

  /** A source with one declared field whose extraction finds nothing. */
  private static final MetadataSource SOURCE =
      new MetadataSource() {
        @Override
        public List<FieldSpec> fields() {
          return List.of(FieldSpec.text("content", "text"));
        }

        @Override
        public Map<String, SearchMatcher> matchers() {
          return Map.of();
        }

        @Override
        public String extractorsVersion() {
          return "v";
        }

        @Override
        public List<Metadata.Value> extract(FileSample file) {
          return List.of();
        }
      };

  @TempDir Path share;
  @TempDir Path indexDir;
  private IndexStore store;
  private ContentWorkers workers;
  private FileStamp stamp;

  @BeforeEach
  void open() throws IOException {
    Path file = Files.writeString(share.resolve("a.txt"), "Kind of Blue");
    stamp = FileStamp.ofRegularFile(file).orElseThrow();
    store = IndexStore.open(indexDir);
    workers =
        new ContentWorkers(
            new SharePaths(share, List.of(indexDir)), store, SOURCE, indexDir.resolve("pieces"));
  }

  @AfterEach
  void close() {
    workers.close();
    store.close();
  }

  @Test
  void aHashRewriteKeepsTheMetadataEvenBeforeARefresh() {
    store.upsert(new FileRecord("a.txt", stamp, "", workers.currentStamp(), METADATA));
    synchronized (workers.lock()) {
      workers.storeHash("a.txt", stamp, "abc");
    }
    FileRecord written = store.findByPath("a.txt").orElseThrow();
    assertEquals("abc", written.sha256());
    assertEquals(METADATA, written.metadata());

    store.refresh();
    FileRecord stored = store.findByPath("a.txt").orElseThrow();
    assertEquals(
        new FileRecord("a.txt", stamp, "abc", DocumentMapper.versionStamp("v"), METADATA), stored);
  }

  @Test
  void aHashOfNewerContentDropsTheOldMetadataAndQueuesExtraction() throws InterruptedException {
    FileStamp older = new FileStamp(stamp.size() + 1, stamp.modifiedMillis() - 1);
    store.upsert(new FileRecord("a.txt", older, "", workers.currentStamp(), METADATA));
    synchronized (workers.lock()) {
      workers.storeHash("a.txt", stamp, "abc");
    }
    FileRecord written = store.findByPath("a.txt").orElseThrow();
    assertEquals("abc", written.sha256());
    assertEquals(List.of(), written.metadata());
    assertTrue(workers.awaitIdle(System.nanoTime() + 20_000_000_000L));
    assertEquals(
        new FileRecord("a.txt", stamp, "abc", workers.currentStamp(), List.of()),
        store.findByPath("a.txt").orElseThrow());
  }

  @Test
  void anExtractionKeepsTheHash() throws InterruptedException {
    store.upsert(new FileRecord("a.txt", stamp, "abc", "", METADATA));
    workers.extract("a.txt");
    assertTrue(workers.awaitIdle(System.nanoTime() + 20_000_000_000L));
    assertEquals(
        new FileRecord("a.txt", stamp, "abc", workers.currentStamp(), List.of()),
        store.findByPath("a.txt").orElseThrow());
  }

  @Test
  void theHasherKeepsStoredMetadataAndOtherFilesRecords() throws IOException, InterruptedException {
    Path other = Files.writeString(share.resolve("b.txt"), "So What");
    FileStamp otherStamp = FileStamp.ofRegularFile(other).orElseThrow();
    store.upsert(new FileRecord("a.txt", stamp, "", workers.currentStamp(), METADATA));
    store.upsert(new FileRecord("b.txt", otherStamp, "", workers.currentStamp(), List.of()));
    store.refresh(); // read back from the index: stored fields for a.txt, doc values for b.txt
    workers.hash("a.txt");
    workers.hash("b.txt");
    workers.hash("gone.txt");
    assertTrue(workers.awaitIdle(System.nanoTime() + 20_000_000_000L));
    store.refresh();
    assertEquals(
        new FileRecord(
            "a.txt",
            stamp,
            Sha256.contentOf(share.resolve("a.txt")).rootHex(),
            workers.currentStamp(),
            METADATA),
        store.findByPath("a.txt").orElseThrow());
    assertEquals(
        new FileRecord(
            "b.txt",
            otherStamp,
            Sha256.contentOf(other).rootHex(),
            workers.currentStamp(),
            List.of()),
        store.findByPaths(List.of("b.txt", "gone.txt")).get("b.txt"));
    assertEquals(2, store.stats().hashed());
  }
}
