package io.diztl.index.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reconcile told to stop ends at the next file, keeps what it wrote and removes nothing. */
class ReconcilerStopTest {

  private static final int FILES = 50;

  @TempDir Path share;
  @TempDir Path indexDir;

  @Test
  void aStoppedPassKeepsTheIndexAndQueuesNothing() throws IOException {
    for (int i = 0; i < FILES; i++) {
      Files.writeString(share.resolve("file-" + i + ".txt"), "content " + i);
    }
    SharePaths paths = new SharePaths(share, List.of(indexDir));
    try (IndexStore store = IndexStore.open(indexDir)) {
      // Known but gone from the disk: a complete pass would remove it, a stopped one must not.
      store.upsert(new FileRecord("gone.txt", new FileStamp(1, 1), ""));
      AtomicLong progress = new AtomicLong(-1);
      AtomicInteger asked = new AtomicInteger();
      List<String> queued = new ArrayList<>();
      Reconciler.Result result =
          Reconciler.run(
              paths,
              store,
              "v1",
              "v1",
              new SmallFileContent(paths, Sha256::contentOf, files -> List.of()),
              queued::add,
              queued::add,
              progress,
              // The root folder, then ten files: stopped before the eleventh.
              () -> asked.incrementAndGet() > 11);
      assertFalse(result.complete());
      assertEquals(10, result.seen());
      assertEquals(10, progress.get());
      assertEquals(0, result.removed());
      assertTrue(queued.isEmpty(), () -> "queued: " + queued);
      store.refresh();
      assertEquals(11, store.stats().files(), "the ten files written and the gone one kept");

      Reconciler.Result full =
          Reconciler.run(
              paths,
              store,
              "v1",
              "v1",
              new SmallFileContent(paths, Sha256::contentOf, files -> List.of()),
              path -> {},
              path -> {},
              progress,
              () -> false);
      assertTrue(full.complete());
      assertEquals(FILES, full.seen());
      assertEquals(FILES - 10, full.added());
      assertEquals(1, full.removed());
      store.refresh();
      assertEquals(FILES, store.stats().files());
    }
  }
}
