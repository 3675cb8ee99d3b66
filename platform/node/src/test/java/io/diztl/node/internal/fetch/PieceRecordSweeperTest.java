package io.diztl.node.internal.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.SearchQuery;
import io.diztl.index.IndexConfig;
import io.diztl.index.ShareIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PieceRecordSweeperTest {

  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  @TempDir Path dir;

  @Test
  void deletesOnlyOldRecordsOfContentNoLongerShared() throws IOException {
    Path kept = record("a", Duration.ofHours(2));
    Path gone = record("b", Duration.ofHours(2));
    Path fresh = record("c", Duration.ofMinutes(1));
    Path other = Files.writeString(dir.resolve("pieces123.tmp"), "x");
    Files.setLastModifiedTime(other, FileTime.from(NOW.minus(Duration.ofDays(1))));
    Set<String> shared = Set.of("a".repeat(64));

    int deleted = new PieceRecordSweeper(dir, shared::contains, InstantSource.fixed(NOW)).sweep();

    assertEquals(1, deleted);
    assertFalse(Files.exists(gone), "the content left the share");
    assertTrue(Files.exists(kept), "still shared");
    assertTrue(Files.exists(fresh), "too young: its file may still be hashed");
    assertTrue(Files.exists(other), "not a record");
  }

  @Test
  void noFolderYetIsNothingToDo() throws IOException {
    PieceRecordSweeper sweeper =
        new PieceRecordSweeper(dir.resolve("pieces"), root -> false, InstantSource.fixed(NOW));

    assertEquals(0, sweeper.sweep());
  }

  @Test
  void withARealIndexTheRecordOfAFileStaysUntilTheFileLeavesTheShare(@TempDir Path share)
      throws IOException {
    byte[] content = new byte[5 * 128 * 1024 + 7];
    new Random(3).nextBytes(content);
    Files.write(share.resolve("big.bin"), content);
    Path indexDir = dir.resolve("index");
    try (ShareIndex index = ShareIndex.open(new IndexConfig(share, indexDir, List.of()))) {
      index.reconcile();
      assertTrue(index.awaitIdle(Duration.ofSeconds(30)), "hashed");
      String root = index.search(SearchQuery.ofText("big")).get(0).sha256();
      Path kept = indexDir.resolve("pieces").resolve(root);
      assertTrue(Files.exists(kept), "the index keeps the piece hashes of " + root);
      Files.setLastModifiedTime(kept, FileTime.from(NOW.minus(Duration.ofHours(2))));
      Path stale = Files.write(indexDir.resolve("pieces").resolve("e".repeat(64)), new byte[96]);
      Files.setLastModifiedTime(stale, FileTime.from(NOW.minus(Duration.ofHours(2))));
      PieceRecordSweeper sweeper = PieceRecordSweeper.of(index, indexDir, InstantSource.fixed(NOW));

      assertEquals(1, sweeper.sweep());
      assertTrue(Files.exists(kept));
      assertFalse(Files.exists(stale));

      Files.delete(share.resolve("big.bin"));
      index.reconcile();
      assertTrue(index.awaitIdle(Duration.ofSeconds(30)));
      assertEquals(1, sweeper.sweep());
      assertFalse(Files.exists(kept), "its file left the share");
    }
  }

  private Path record(String digit, Duration age) throws IOException {
    Path record = Files.write(dir.resolve(digit.repeat(64)), new byte[64]);
    Files.setLastModifiedTime(record, FileTime.from(NOW.minus(age)));
    return record;
  }
}
