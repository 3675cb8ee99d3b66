package io.diztl.index.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.diztl.index.FolderItem;
import io.diztl.index.FolderPage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists a share of 100,000 files in 1,000 folders and logs how long it took; checks the totals, not
 * the time. Opt-in, as it takes several seconds to build: {@code -Ddiztl.scale=true}.
 */
@EnabledIfSystemProperty(named = "diztl.scale", matches = "true")
class FolderListerScaleTest {

  private static final Logger LOG = LoggerFactory.getLogger(FolderListerScaleTest.class);
  private static final int FOLDERS = 1_000;
  private static final int FILES_PER_FOLDER = 100;
  private static final int RUNS = 20;

  @TempDir Path indexDir;

  @Test
  void listsTheRootAndAFolderOfALargeShare() {
    try (IndexStore store = IndexStore.open(indexDir)) {
      store.beginBulk();
      for (int folder = 0; folder < FOLDERS; folder++) {
        for (int file = 0; file < FILES_PER_FOLDER; file++) {
          String path = String.format("folder-%04d/file-%05d.bin", folder, file);
          store.writeBulk(new FileRecord(path, new FileStamp(file + 1, 1_000L + file), ""), true);
        }
      }
      store.endBulk();

      FolderPage root = time("root", () -> store.listFolder("", null, 500).orElseThrow());
      assertEquals(500, root.entries().size());
      FolderItem first = root.entries().getFirst();
      assertEquals(
          new FolderItem(
              "folder-0000", "folder-0000", true, 5_050, 100, first.type(), "", "", 1_099),
          first);
      FolderPage one =
          time("one folder", () -> store.listFolder("folder-0500", null, 500).orElseThrow());
      assertEquals(100, one.entries().size());
    }
  }

  private static FolderPage time(String what, Supplier<FolderPage> listing) {
    long[] nanos = new long[RUNS];
    FolderPage page = null;
    for (int i = 0; i < RUNS; i++) {
      long start = System.nanoTime();
      page = listing.get();
      nanos[i] = System.nanoTime() - start;
    }
    long first = nanos[0];
    Arrays.sort(nanos);
    LOG.info(
        "listing {} of {} files in {} folders: first {} ms, median {} ms, best {} ms over {} runs",
        what,
        FOLDERS * FILES_PER_FOLDER,
        FOLDERS,
        String.format("%.2f", first / 1e6),
        String.format("%.2f", nanos[RUNS / 2] / 1e6),
        String.format("%.2f", nanos[0] / 1e6),
        RUNS);
    return page;
  }
}
