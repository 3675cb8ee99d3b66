package io.diztl.proto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkKeyTest {

  private static final String TRACKER = Identity.generate().id();
  private static final String NODE = Identity.generate().id();

  @TempDir Path dir;

  @Test
  void writtenKeysReadBackOwnerOnlyAndProveTheSame() throws IOException {
    NetworkKey key = NetworkKey.generate();
    Path file = dir.resolve("network.key");
    key.write(file);
    NetworkKey read = NetworkKey.read(file);
    byte[] nonce = NetworkKey.nonce();

    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertArrayEquals(key.nodeProof(nonce, TRACKER, NODE), read.nodeProof(nonce, TRACKER, NODE));
    assertTrue(read.checkNodeProof(nonce, TRACKER, NODE, key.nodeProof(nonce, TRACKER, NODE)));
    assertFalse(Files.readString(file).contains(key.toString()));
  }

  @Test
  void anExistingFileIsNeverReplaced() throws IOException {
    Path file = Files.writeString(dir.resolve("network.key"), "keep me");

    UncheckedIOException e =
        assertThrows(UncheckedIOException.class, () -> NetworkKey.generate().write(file));
    assertTrue(e.getMessage().contains("exists already"), e.getMessage());
    assertEquals("keep me", Files.readString(file));
  }

  @Test
  void aFileWithoutAKeySaysWhatItShouldHold() throws IOException {
    for (String content : new String[] {"", "# only a comment\n", "not-base64!\n", "AAAA\n"}) {
      Path file = Files.writeString(dir.resolve("bad.key"), content);

      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> NetworkKey.read(file));
      assertTrue(e.getMessage().contains("43 base64url characters"), e.getMessage());
    }
  }

  @Test
  void aProofHoldsOnlyForItsNonceIdentitiesRoleAndKey() {
    NetworkKey key = NetworkKey.generate();
    byte[] nonce = NetworkKey.nonce();
    byte[] proof = key.nodeProof(nonce, TRACKER, NODE);

    assertTrue(key.checkNodeProof(nonce, TRACKER, NODE, proof));
    assertFalse(key.checkNodeProof(NetworkKey.nonce(), TRACKER, NODE, proof));
    assertFalse(key.checkNodeProof(nonce, NODE, TRACKER, proof));
    assertFalse(key.checkNodeProof(nonce, TRACKER, Identity.generate().id(), proof));
    assertFalse(key.checkTrackerProof(nonce, TRACKER, NODE, proof));
    assertFalse(NetworkKey.generate().checkNodeProof(nonce, TRACKER, NODE, proof));
    assertFalse(key.checkNodeProof(nonce, TRACKER, NODE, new byte[0]));
  }

  @Test
  void aNonceOfTheWrongLengthIsRefused() {
    NetworkKey key = NetworkKey.generate();

    assertThrows(IllegalArgumentException.class, () -> key.nodeProof(new byte[8], TRACKER, NODE));
  }

  @Test
  void neverPrintsTheKey() {
    assertEquals("NetworkKey[hidden]", NetworkKey.generate().toString());
  }
}
