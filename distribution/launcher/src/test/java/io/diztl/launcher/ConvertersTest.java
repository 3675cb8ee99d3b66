package io.diztl.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.FileType;
import io.diztl.node.FileRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class ConvertersTest {

  @Test
  void portsRangeFromZeroTo65535() {
    assertEquals(0, new Converters.Port().convert("0"));
    assertEquals(65535, new Converters.Port().convert("65535"));
    for (String bad : new String[] {"-1", "65536", "http", ""}) {
      TypeConversionException e =
          assertThrows(TypeConversionException.class, () -> new Converters.Port().convert(bad));
      assertEquals("invalid port '" + bad + "': expected a number from 0 to 65535", e.getMessage());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1:7400", "tracker.lan:1", "[::1]:7400", "[fe80::1]:65535"})
  void acceptsHostPort(String address) {
    assertEquals(address, new Converters.TrackerAddress().convert(address));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost",
        "localhost:",
        ":7400",
        "host:99999",
        "::1:7400",
        "a b:1",
        "host:port"
      })
  void rejectsWhatIsNotHostPort(String address) {
    TypeConversionException e =
        assertThrows(
            TypeConversionException.class, () -> new Converters.TrackerAddress().convert(address));
    assertTrue(e.getMessage().contains("'" + address + "'"), e.getMessage());
  }

  @Test
  void acceptsTheTrackersOfAClusterAndRefusesAListWithABadOne() {
    String id = "synw3u7n4pfy5s5kzpli3ycazub";
    assertEquals(
        "a:7400#" + id + ",[::1]:7400",
        new Converters.TrackerAddress().convert(" a:7400#" + id.toUpperCase() + " , [::1]:7400,"));
    TypeConversionException e =
        assertThrows(
            TypeConversionException.class,
            () -> new Converters.TrackerAddress().convert("a:7400,localhost"));
    assertTrue(e.getMessage().contains("'localhost'"), e.getMessage());
  }

  @Test
  void acceptsATrackerFingerprintInAnyCaseAndRefusesAMistypedOne() {
    String id = "synw3u7n4pfy5s5kzpli3ycazub";
    assertEquals(
        "127.0.0.1:7400#" + id,
        new Converters.TrackerAddress().convert("127.0.0.1:7400#" + id.toUpperCase()));

    TypeConversionException e =
        assertThrows(
            TypeConversionException.class,
            () ->
                new Converters.TrackerAddress()
                    .convert("127.0.0.1:7400#synw3u7n4pfy5s5kzpli3ycazua"));
    assertEquals(
        "invalid tracker fingerprint in '127.0.0.1:7400#synw3u7n4pfy5s5kzpli3ycazua': its check"
            + " character does not match: mistyped?; copy HOST:PORT#FINGERPRINT as the tracker"
            + " prints it",
        e.getMessage());
  }

  @Test
  void writesAddressesBracketingIpv6() {
    assertEquals("0.0.0.0:7400", Converters.address("0.0.0.0", 7400));
    assertEquals("[::]:7400", Converters.address("::", 7400));
    assertEquals("[::1]:1", Converters.address("[::1]", 1));
  }

  @Test
  void typesAndRefsUseTheApiParsers() {
    assertEquals(FileType.IMAGE, new Converters.Type().convert("Image"));
    assertTrue(
        assertThrows(TypeConversionException.class, () -> new Converters.Type().convert("nosuch"))
            .getMessage()
            .endsWith(
                "expected one of video, image, audio, document, compressed, executable, other"));
    assertEquals(
        new FileRef("synw3u7n4pfy5s5kzpli3ycazub", "89abcdef"),
        new Converters.Ref().convert("synw3u7n4pfy5s5kzpli3ycazub:89abcdef"));
    assertTrue(
        assertThrows(TypeConversionException.class, () -> new Converters.Ref().convert("nothing"))
            .getMessage()
            .startsWith("malformed reference 'nothing'"));
  }

  @Test
  void mapsFileTypesToAndFromTheWire() {
    for (FileType type : FileType.values()) {
      assertEquals(
          type.name().toLowerCase(java.util.Locale.ROOT),
          FileTypes.name(io.diztl.node.WireTypes.toWire(type)));
    }
    assertEquals("other", FileTypes.name(io.diztl.proto.v1.FileType.FILE_TYPE_UNSPECIFIED));
  }
}
