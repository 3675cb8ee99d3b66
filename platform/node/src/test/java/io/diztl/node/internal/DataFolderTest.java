package io.diztl.node.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.DiztlException;
import io.diztl.proto.Fingerprint;
import io.diztl.proto.Identity;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFolderTest {

  @TempDir Path dir;

  @Test
  void createsAnIdentityOnceAndKeepsIt() throws Exception {
    String first;
    try (DataFolder data = DataFolder.open(dir)) {
      first = data.nodeId();
      assertEquals(Fingerprint.of(data.identity().certificate()), first);
    }
    assertTrue(Fingerprint.isValid(first), first);
    assertTrue(Files.exists(dir.resolve(Identity.CERTIFICATE_FILE)));
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
  void anOldNodeIdGivesWayToTheIdentity() throws Exception {
    Files.writeString(dir.resolve("node-id"), "0123456789abcdef\n");

    try (DataFolder data = DataFolder.open(dir)) {
      assertTrue(Fingerprint.isValid(data.nodeId()), data.nodeId());
    }
    assertFalse(Files.exists(dir.resolve("node-id")), "retired once");
  }

  @Test
  void rejectsADamagedIdentity() throws Exception {
    DataFolder.open(dir).close();
    Files.writeString(dir.resolve(Identity.CERTIFICATE_FILE), "not a certificate");

    DiztlException e = assertThrows(DiztlException.class, () -> DataFolder.open(dir));

    assertTrue(e.getMessage().contains(Identity.CERTIFICATE_FILE), e.getMessage());
    DiztlException again = assertThrows(DiztlException.class, () -> DataFolder.open(dir));
    assertEquals(e.getMessage(), again.getMessage(), "the failed open released the lock");
  }
}
