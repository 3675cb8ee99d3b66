package io.diztl.index.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.diztl.api.SearchQuery;
import io.diztl.index.IndexConfig;
import io.diztl.index.IndexStats;
import io.diztl.index.IndexedFile;
import io.diztl.index.ShareIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node that dies in the middle of a bulk write finds a consistent index when it restarts. */
class ReconcilerCrashTest {

  @TempDir Path share;
  @TempDir Path indexDir;
  @TempDir Path crashImage;

  @Test
  void aRestartAfterACrashMidBulkReconcilesToExactlyTheShare() throws IOException {
    for (String name : List.of("a.txt", "b.txt", "c.txt")) {
      Files.writeString(share.resolve(name), name);
    }
    try (IndexStore store = IndexStore.open(indexDir)) {
      store.upsert(record("a.txt"));
      store.upsert(new FileRecord("gone.txt", new FileStamp(1, 1), ""));
    } // committed
    try (IndexStore store = IndexStore.open(indexDir)) {
      store.beginBulk();
      store.writeBulk(record("b.txt"), true);
      store.writeBulk(record("c.txt"), true);
      store.refresh(); // flushed to new segment files, not committed
      copy(indexDir, crashImage); // what the disk holds if the process dies now
      store.endBulk();
    }

    try (ShareIndex index = ShareIndex.open(new IndexConfig(share, crashImage, List.of()))) {
      index.reconcile();
      index.awaitIdle(Duration.ofSeconds(20));
      assertEquals(new IndexStats(3, 15, 3), index.stats());
      List<String> paths =
          index
              .search(new SearchQuery("txt", Optional.empty(), 0, 0, Optional.empty(), 100))
              .stream()
              .map(IndexedFile::path)
              .sorted()
              .toList();
      assertEquals(List.of("a.txt", "b.txt", "c.txt"), paths);
    }
  }

  private FileRecord record(String name) throws IOException {
    return new FileRecord(
        name, FileStamp.ofRegularFile(share.resolve(name)).orElseThrow(), "", "", List.of());
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.toList()) {
        if (!file.getFileName().toString().equals("write.lock")) {
          Files.copy(file, to.resolve(file.getFileName()));
        }
      }
    }
  }
}
