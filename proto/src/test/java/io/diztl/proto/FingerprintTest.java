package io.diztl.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FingerprintTest {

  @Test
  void isTwentySevenLowerCaseBase32CharactersWithAValidCheck() {
    String id = Fingerprint.of("certificate".getBytes(StandardCharsets.US_ASCII));

    assertEquals(Fingerprint.LENGTH, id.length());
    assertTrue(id.matches("[a-z2-7]{27}"), id);
    assertTrue(Fingerprint.isValid(id), id);
  }

  @Test
  void matchesAKnownAnswer() {
    assertEquals(
        "synw3u7n4pfy5s5kzpli3ycazub", Fingerprint.of("aa".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void dependsOnEveryByteAndIsStable() {
    byte[] der = "certificate".getBytes(StandardCharsets.US_ASCII);
    String id = Fingerprint.of(der);
    der[3] ^= 1;

    assertNotEquals(id, Fingerprint.of(der));
    der[3] ^= 1;
    assertEquals(id, Fingerprint.of(der));
  }

  @Test
  void theCheckCharacterCatchesOneMistypedCharacter() {
    String id = Fingerprint.of(new byte[] {1, 2, 3});
    for (int i = 0; i < Fingerprint.LENGTH; i++) {
      char wrong = id.charAt(i) == 'a' ? 'b' : 'a';
      String typo = id.substring(0, i) + wrong + id.substring(i + 1);
      assertFalse(Fingerprint.isValid(typo), typo);
    }
  }

  @Test
  void saysWhatIsWrong() {
    assertEquals(
        "expected 27 characters of a-z and 2-7, found 16",
        Fingerprint.problem("0123456789abcdef").orElseThrow());
    String id = Fingerprint.of(new byte[] {9});
    assertTrue(
        Fingerprint.problem(id.toUpperCase())
            .orElseThrow()
            .startsWith("expected only a-z and 2-7"));
    assertEquals(id, Fingerprint.normalize(" " + id.toUpperCase() + " "));
  }

  @Test
  void isTheFingerprintOfTheCertificate() {
    Identity identity = Identity.generate();

    assertEquals(Fingerprint.of(identity.certificate()), identity.id());
    assertTrue(Fingerprint.isValid(identity.id()));
  }
}
