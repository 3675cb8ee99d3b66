package io.diztl.index.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.metadata.FieldType;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * The reconcile hashes and extracts small files as it writes them, in the same document; larger
 * files, and small ones it could not read as they were, are written without a hash or metadata and
 * left to the hasher and the extractor.
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
    Files.write(largest, new byte[(int) SmallFileContent.MAX_BYTES]);
    Files.write(share.resolve("large.bin"), new byte[(int) SmallFileContent.MAX_BYTES + 1]);
    Path unreadable = Files.writeString(share.resolve("unreadable.txt"), "fails");
    Path changing = Files.writeString(share.resolve("changing.txt"), "before");
    SmallFileContent.Hasher hasher =
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
    SharePaths paths = new SharePaths(share, List.of(indexDir));
    try (IndexStore store = IndexStore.open(indexDir)) {
      Reconciler.Result result =
          Reconciler.run(
              paths,
              store,
              "v1",
              "v1",
              new SmallFileContent(paths, hasher, files -> List.of()),
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

  @Test
  void smallFilesAreWrittenWithTheirMetadataAndTheOthersQueued() throws IOException {
    for (int i = 0; i < SMALL_FILES; i++) {
      Files.writeString(share.resolve("small-" + i + ".txt"), "small " + i);
    }
    Files.write(share.resolve("large.bin"), new byte[(int) SmallFileContent.MAX_BYTES + 1]);
    Path changing = Files.writeString(share.resolve("changing.txt"), "before");
    List<String> extracted = Collections.synchronizedList(new ArrayList<>());
    SmallFileContent.Extractor extractor =
        files ->
            files.stream()
                .map(
                    file -> {
                      extracted.add(file.path());
                      if (file.absolute().equals(changing)) {
                        try {
                          Files.writeString(changing, "after, and longer");
                        } catch (IOException e) {
                          throw new UncheckedIOException(e);
                        }
                      }
                      return new MetadataExtraction.Extracted(
                          "v2",
                          List.of(
                              new MetaValue("content", FieldType.TEXT, "words of " + file.path())));
                    })
                .toList();
    List<String> hashQueue = Collections.synchronizedList(new ArrayList<>());
    List<String> extractQueue = Collections.synchronizedList(new ArrayList<>());
    SharePaths paths = new SharePaths(share, List.of(indexDir));
    try (IndexStore store = IndexStore.open(indexDir)) {
      Reconciler.run(
          paths,
          store,
          "v2",
          "",
          new SmallFileContent(paths, Sha256::contentOf, extractor),
          hashQueue::add,
          extractQueue::add,
          new AtomicLong(),
          () -> false);

      assertEquals(SMALL_FILES + 1, extracted.size(), "each small file once, the large one not");
      assertEquals(List.of("changing.txt", "large.bin"), hashQueue.stream().sorted().toList());
      assertEquals(List.of("changing.txt", "large.bin"), extractQueue.stream().sorted().toList());
      Map<String, FileRecord> records =
          store.findByPaths(List.of("small-7.txt", "changing.txt", "large.bin"));
      FileRecord small = records.get("small-7.txt");
      assertEquals("v2", small.extractorsVersion());
      assertEquals(
          List.of(new MetaValue("content", FieldType.TEXT, "words of small-7.txt")),
          small.metadata());
      assertEquals(Sha256.contentOf(share.resolve("small-7.txt")).rootHex(), small.sha256());
      assertEquals("", records.get("changing.txt").extractorsVersion(), "not of other content");
      assertEquals(List.of(), records.get("changing.txt").metadata());
      assertEquals("", records.get("large.bin").extractorsVersion());
    }
  }
}
