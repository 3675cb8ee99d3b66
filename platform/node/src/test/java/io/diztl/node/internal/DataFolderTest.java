package io.diztl.node.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.DiztlException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFolderTest {

  @TempDir Path dir;

  @Test
  void createsANodeIdOnceAndKeepsIt() throws Exception {
    String first;
    try (DataFolder data = DataFolder.open(dir)) {
      first = data.nodeId();
    }
    assertTrue(first.matches("[0-9a-f]{16}"), first);
    assertEquals(first, Files.readString(dir.resolve("node-id")).strip());
    try (DataFolder data = DataFolder.open(dir)) {
      assertEquals(first, data.nodeId());
    }
  }

  @Test
  void allowsOneHolderAtATime() {
    DataFolder held = DataFolder.open(dir);
    try {
      DiztlException e = assertThrows(DiztlException.class, () -> DataFolder.open(dir));
      assertEquals("another diztl node is already running with data folder " + dir, e.getMessage());
    } finally {
      held.close();
    }
    DataFolder.open(dir).close();
  }

  @Test
  void rejectsACorruptNodeId() throws Exception {
    Files.writeString(dir.resolve("node-id"), "not-an-id");

    DiztlException e = assertThrows(DiztlException.class, () -> DataFolder.open(dir));

    assertTrue(e.getMessage().contains("expected 16 lower-case hex characters"), e.getMessage());
    DiztlException again = assertThrows(DiztlException.class, () -> DataFolder.open(dir));
    assertEquals(e.getMessage(), again.getMessage(), "the failed open released the lock");
  }
}
