package io.diztl.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.DiztlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileRefTest {

  @Test
  void parsesNodeAndFileIds() {
    FileRef ref = FileRef.parse("0123456789abcdef:0123456789abcdef01234567");

    assertEquals("0123456789abcdef", ref.nodeId());
    assertEquals("0123456789abcdef01234567", ref.fileId());
    assertEquals("0123456789abcdef:0123456789abcdef01234567", ref.toString());
  }

  @Test
  void toleratesSpacesAroundTheParts() {
    assertEquals(
        new FileRef("0123456789abcdef", "abcdef0123456789"),
        FileRef.parse(" 0123456789abcdef : abcdef0123456789 "));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "0123456789abcdef",
        "0123456789abcdef:",
        ":0123456789abcdef",
        "0123456789ABCDEF:0123456789abcdef",
        "0123456789abcdef:xyz0123456789abc",
        "0123:0123456789abcdef",
        "0123456789abcdef:0123456789abcdef:00000000"
      })
  void rejectsMalformedReferencesNamingTheExpectedForm(String text) {
    DiztlException e = assertThrows(DiztlException.class, () -> FileRef.parse(text));

    assertTrue(e.getMessage().contains("expected NODE_ID:FILE_ID"), e.getMessage());
  }
}
