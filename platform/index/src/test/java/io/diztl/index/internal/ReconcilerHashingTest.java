package io.diztl.index.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconcile hashes small files as it writes them, in the same document; larger files, and small
 * ones it could not hash as they were, are written without a hash and left to the hasher.
 */
class ReconcilerHashingTest {

  private static final int SMALL_FILES = 1_300; // more than two write batches

  @TempDir Path share;
  @TempDir Path indexDir;

  @Test
  void smallFilesAreWrittenWithTheirHashAndTheOthersQueued() throws IOException {
    for (int i = 0; i < SMALL_FILES; i++) {
      Files.createDirectories(share.resolve("folder-" + i % 3));
      Files.writeString(share.resolve("folder-" + i % 3 + "/small-" + i + ".txt"), "small " + i);
    }
    Path largest = share.resolve("largest-small.bin");
    Files.write(largest, new byte[(int) SmallFileHasher.MAX_BYTES]);
    Files.write(share.resolve("large.bin"), new byte[(int) SmallFileHasher.MAX_BYTES + 1]);
    Path unreadable = Files.writeString(share.resolve("unreadable.txt"), "fails");
    Path changing = Files.writeString(share.resolve("changing.txt"), "before");
    SmallFileHasher.Content content =
        absolute -> {
          if (absolute.equals(unreadable)) {
            throw new IOException("injected read failure");
          }
          if (absolute.equals(changing)) {
            Files.writeString(changing, "after, and longer");
          }
          return Sha256.contentOf(absolute);
        };
    List<String> queued = Collections.synchronizedList(new ArrayList<>());
    try (IndexStore store = IndexStore.open(indexDir)) {
      Reconciler.Result result =
          Reconciler.run(
              new SharePaths(share, List.of(indexDir)),
              store,
              "v1",
              "v1",
              content,
              queued::add,
              path -> {},
              new AtomicLong(),
              () -> false);

      int total = SMALL_FILES + 4;
      assertEquals(total, result.added());
      assertEquals(total, store.stats().files(), "every file searchable when the pass returns");
      assertEquals(SMALL_FILES + 1, store.stats().hashed(), "hashed in the same write");
      assertEquals(
          List.of("changing.txt", "large.bin", "unreadable.txt"),
          queued.stream().sorted().toList());
      Map<String, FileRecord> records =
          store.findByPaths(
              List.of("folder-1/small-1000.txt", "largest-small.bin", "large.bin", "changing.txt"));
      assertEquals(
          Sha256.contentOf(share.resolve("folder-1/small-1000.txt")).rootHex(),
          records.get("folder-1/small-1000.txt").sha256());
      assertEquals(Sha256.contentOf(largest).rootHex(), records.get("largest-small.bin").sha256());
      assertTrue(records.get("large.bin").sha256().isEmpty());
      assertTrue(records.get("changing.txt").sha256().isEmpty(), "no hash of other content");
    }
  }
}
