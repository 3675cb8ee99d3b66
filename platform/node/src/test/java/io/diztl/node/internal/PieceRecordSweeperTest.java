package io.diztl.node.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
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

  private Path record(String digit, Duration age) throws IOException {
    Path record = Files.write(dir.resolve(digit.repeat(64)), new byte[64]);
    Files.setLastModifiedTime(record, FileTime.from(NOW.minus(age)));
    return record;
  }
}
