package io.diztl.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.ECPublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityTest {

  @TempDir Path dir;

  @Test
  void isCreatedOnceWithOwnerOnlyFilesAndLoadedAfter() throws IOException {
    Identity first = Identity.loadOrCreate(dir);
    Identity again = Identity.loadOrCreate(dir);

    assertEquals(first.id(), again.id());
    assertEquals(first.certificate(), again.certificate());
    for (String name : new String[] {Identity.KEY_FILE, Identity.CERTIFICATE_FILE}) {
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name))),
          name);
    }
    assertTrue(
        Files.readString(dir.resolve(Identity.KEY_FILE)).startsWith("-----BEGIN PRIVATE KEY"));
  }

  @Test
  void isAnEcdsaP256SelfSignedCertificate() throws Exception {
    Identity identity = Identity.generate();

    identity.certificate().verify(identity.certificate().getPublicKey());
    ECPublicKey key = (ECPublicKey) identity.certificate().getPublicKey();
    assertEquals(256, key.getParams().getCurve().getField().getFieldSize());
    assertEquals("SHA256withECDSA", identity.certificate().getSigAlgName());
    assertNotEquals(identity.id(), Identity.generate().id());
  }

  @Test
  void aDamagedKeyFileIsReported() throws IOException {
    Identity.loadOrCreate(dir);
    Files.writeString(dir.resolve(Identity.KEY_FILE), "garbage\n");

    UncheckedIOException e =
        assertThrows(UncheckedIOException.class, () -> Identity.loadOrCreate(dir));

    assertTrue(e.getMessage().contains(Identity.KEY_FILE), e.getMessage());
  }
}
