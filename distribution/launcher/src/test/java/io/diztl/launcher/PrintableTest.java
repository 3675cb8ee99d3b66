package io.diztl.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class PrintableTest {

  @Test
  void leavesOrdinaryTextAlone() {
    String text = "Müsik – Kind of Blue (1959) 日本.flac";

    assertSame(text, Printable.of(text));
  }

  @Test
  void escapesControlCharactersAndBidiOverrides() {
    assertEquals("a\\u000Ab", Printable.of("a\nb"));
    assertEquals("\\u001B[31mred", Printable.of("\u001b[31mred"));
    assertEquals("x\\u0000y\\u007Fz\\u009B", Printable.of("x\u0000y\u007fz\u009b"));
    assertEquals("invoice\\u202Efdp.exe", Printable.of("invoice\u202Efdp.exe"));
    assertEquals("\\u2066a\\u2069\\u202A", Printable.of("\u2066a\u2069\u202A"));
  }
}
