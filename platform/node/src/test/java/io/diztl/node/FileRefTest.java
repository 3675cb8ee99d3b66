package io.diztl.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.DiztlException;
import io.diztl.proto.Fingerprint;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileRefTest {

  private static final String NODE = Fingerprint.of(new byte[] {42});

  @Test
  void parsesNodeAndFileIds() {
    FileRef ref = FileRef.parse(NODE + ":0123456789abcdef01234567");

    assertEquals(NODE, ref.nodeId());
    assertEquals("0123456789abcdef01234567", ref.fileId());
    assertEquals(NODE + ":0123456789abcdef01234567", ref.toString());
  }

  @Test
  void toleratesSpacesAroundThePartsAndANodeIdInCapitals() {
    assertEquals(
        new FileRef(NODE, "abcdef0123456789"),
        FileRef.parse(" " + NODE.toUpperCase(Locale.ROOT) + " : abcdef0123456789 "));
  }

  @Test
  void refusesAnOldNodeIdSayingWhy() {
    DiztlException e =
        assertThrows(
            DiztlException.class, () -> FileRef.parse("0123456789abcdef:0123456789abcdef"));

    assertEquals(
        "reference '0123456789abcdef:0123456789abcdef' has an old 16-character node id: node ids"
            + " are now the 27-character identities of their certificates; search again for a"
            + " current reference",
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "0123456789abcdef01234567",
        "NODE:",
        ":0123456789abcdef",
        "NODE:xyz0123456789abc",
        "0123:0123456789abcdef",
        "NODE:0123456789abcdef:00000000",
        "aaaaaaaaaaaaaaaaaaaaaaaaaab:0123456789abcdef"
      })
  void rejectsMalformedReferencesNamingTheExpectedForm(String text) {
    DiztlException e =
        assertThrows(DiztlException.class, () -> FileRef.parse(text.replace("NODE", NODE)));

    assertTrue(e.getMessage().contains("expected NODE_ID:FILE_ID"), e.getMessage());
  }
}
