package io.diztl.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.DiztlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class SizesTest {

  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "500, 500",
    "' 42 ', 42",
    "12B, 12",
    "1K, 1024",
    "1k, 1024",
    "10M, 10485760",
    "10MB, 10485760",
    "10MiB, 10485760",
    "10mib, 10485760",
    "10 M, 10485760",
    "1.5G, 1610612736",
    "1.5gb, 1610612736",
    ".5K, 512",
    "2T, 2199023255552",
    "0.1K, 102",
    "9223372036854775807, 9223372036854775807"
  })
  void parsesBytesAndBinarySuffixes(String text, long bytes) {
    assertEquals(bytes, Sizes.parse(text));
  }

  @Test
  void rejectsNegativeSizes() {
    DiztlException e = assertThrows(DiztlException.class, () -> Sizes.parse("-5M"));
    assertEquals("size must not be negative, found '-5M'", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "10X", "10KK", "M", "1,5G", "10iB", "1.2.3", "5 MB extra"})
  void rejectsGarbageSayingWhatIsExpected(String text) {
    DiztlException e = assertThrows(DiztlException.class, () -> Sizes.parse(text));
    assertTrue(
        e.getMessage()
            .startsWith(
                "invalid size '" + text + "': expected bytes or a number with K, M, G or T"),
        e.getMessage());
  }

  @Test
  void rejectsFractionalBytesAndOverflow() {
    assertTrue(
        assertThrows(DiztlException.class, () -> Sizes.parse("1.5"))
            .getMessage()
            .contains("must be whole"));
    assertEquals(1, Sizes.parse("1.0"));
    assertTrue(
        assertThrows(DiztlException.class, () -> Sizes.parse("9223372036854775808"))
            .getMessage()
            .contains("too large"));
    assertTrue(
        assertThrows(DiztlException.class, () -> Sizes.parse("8388608T"))
            .getMessage()
            .contains("too large"));
  }

  @Test
  void converterTurnsErrorsIntoUsageErrors() {
    assertEquals(3 * 1024L, new Converters.Size().convert("3K"));
    TypeConversionException e =
        assertThrows(TypeConversionException.class, () -> new Converters.Size().convert("-1"));
    assertEquals("size must not be negative, found '-1'", e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0 B",
    "1023, 1023 B",
    "1024, 1.0 KiB",
    "3145728, 3.0 MiB",
    "1610612736, 1.5 GiB",
    "2199023255552, 2.0 TiB",
    "9223372036854775807, 8388608.0 TiB"
  })
  void formatsForReading(long bytes, String text) {
    assertEquals(text, Sizes.format(bytes));
  }
}
