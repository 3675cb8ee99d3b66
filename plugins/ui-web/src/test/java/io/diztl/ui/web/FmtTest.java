package io.diztl.ui.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FmtTest {

  @Test
  void sizesAreBinaryAndShort() {
    assertEquals("0 B", Fmt.size(0));
    assertEquals("1023 B", Fmt.size(1023));
    assertEquals("1.0 KiB", Fmt.size(1024));
    assertEquals("1.5 MiB", Fmt.size(1_572_864));
    assertEquals("298 MiB", Fmt.size(312_456_789));
    assertEquals("4.2 GiB", Fmt.size(4_500_000_000L));
    assertEquals("1,572,864 bytes", Fmt.bytes(1_572_864));
  }

  @Test
  void invisibleCharactersAreNamed() {
    for (int cp :
        new int[] {
          0x202A, 0x202E, 0x2066, 0x2069, 0x200E, 0x200F, 0x0000, 0x001B, 0x2028, 0xFEFF
        }) {
      assertTrue(Fmt.hidden(cp), Integer.toHexString(cp));
    }
    for (int cp : new int[] {'a', ' ', 'é', 0x200D, 0x4E2D, 0x1F600}) {
      assertFalse(Fmt.hidden(cp), Integer.toHexString(cp));
    }
    assertEquals("evil⟨U+202E⟩fdp.exe", Fmt.visible("evil\u202Efdp.exe"));
    assertEquals(
        List.of(
            new Fmt.Segment("a", false),
            new Fmt.Segment("⟨U+202E⟩", true),
            new Fmt.Segment("b😀", false)),
        Fmt.segments("a\u202Eb😀"));
  }

  @Test
  void durationsAndPlurals() {
    assertEquals("", Fmt.duration(-1));
    assertEquals("42 s", Fmt.duration(42));
    assertEquals("3 min 5 s", Fmt.duration(185));
    assertEquals("1 h 2 min", Fmt.duration(3720));
    assertEquals("1 file", Fmt.plural(1, "file"));
    assertEquals("10,000 files", Fmt.plural(10_000, "file"));
    assertEquals(75, Fmt.percent(900, 1200));
    assertEquals(100, Fmt.percent(0, 0));
  }
}
