package io.diztl.proto.discovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.proto.Identity;
import io.diztl.proto.v1.TrackerBeacon;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BeaconCodecTest {

  private static final TrackerBeacon BEACON =
      TrackerBeacon.newBuilder()
          .setFingerprint(Identity.generate().id())
          .addAddresses("192.168.1.20")
          .addAddresses("fe80::1%eth0")
          .setPort(7400)
          .setInstanceId("5f0c7a8e-1d2b-4c3a-9e8f-0a1b2c3d4e5f")
          .setProtocolVersion(BeaconCodec.PROTOCOL_VERSION)
          .setKeyRequired(true)
          .build();

  private static Optional<TrackerBeacon> decode(byte[] datagram) {
    return BeaconCodec.decodeBeacon(datagram, datagram.length);
  }

  @Test
  void aBeaconRoundTripsBehindItsMagicNumber() {
    byte[] datagram = BeaconCodec.encode(BEACON);

    assertArrayEquals("DZB1".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(datagram, 4));
    assertEquals(Optional.of(BEACON), decode(datagram));
    assertFalse(BeaconCodec.isQuery(datagram, datagram.length));
  }

  @Test
  void onlyTheReceivedLengthCounts() {
    byte[] datagram = BeaconCodec.encode(BEACON);
    byte[] buffer = Arrays.copyOf(datagram, datagram.length + 100);
    Arrays.fill(buffer, datagram.length, buffer.length, (byte) 0x7f);

    assertEquals(Optional.of(BEACON), BeaconCodec.decodeBeacon(buffer, datagram.length));
  }

  @Test
  void aQueryIsAQueryAndNotABeacon() {
    byte[] query = BeaconCodec.encodeQuery();

    assertTrue(BeaconCodec.isQuery(query, query.length));
    assertEquals(Optional.empty(), decode(query));
  }

  @Test
  void malformedDatagramsAreIgnored() {
    byte[] beacon = BeaconCodec.encode(BEACON);
    byte[] wrongMagic = beacon.clone();
    wrongMagic[0] = 'X';
    byte[] garbage = Arrays.copyOf(beacon, beacon.length);
    new Random(8).nextBytes(garbage);
    System.arraycopy(beacon, 0, garbage, 0, 4);
    byte[] truncated = Arrays.copyOf(beacon, beacon.length - 5);

    for (byte[] datagram :
        new byte[][] {
          new byte[0], "DZB".getBytes(StandardCharsets.US_ASCII), wrongMagic, garbage, truncated
        }) {
      assertEquals(Optional.empty(), decode(datagram), Arrays.toString(datagram));
      assertFalse(BeaconCodec.isQuery(datagram, datagram.length));
    }
    assertEquals(Optional.empty(), BeaconCodec.decodeBeacon(null, 0));
    assertEquals(Optional.empty(), BeaconCodec.decodeBeacon(beacon, beacon.length + 1));
  }

  @Test
  void oversizedDatagramsAreIgnoredAndNeverSent() {
    TrackerBeacon huge =
        BEACON.toBuilder().addAllAddresses(Collections.nCopies(200, "10.0.0.1")).build();
    byte[] datagram = new byte[BeaconCodec.MAX_DATAGRAM_BYTES + 1];
    byte[] beacon = BeaconCodec.encode(BEACON);
    System.arraycopy(beacon, 0, datagram, 0, beacon.length);

    assertEquals(Optional.empty(), decode(datagram));
    assertThrows(IllegalArgumentException.class, () -> BeaconCodec.encode(huge));
  }

  @Test
  void implausibleBeaconsAreIgnored() {
    for (TrackerBeacon bad :
        new TrackerBeacon[] {
          BEACON.toBuilder().setFingerprint("not-a-fingerprint").build(),
          BEACON.toBuilder().clearFingerprint().build(),
          BEACON.toBuilder().setPort(0).build(),
          BEACON.toBuilder().setPort(70_000).build(),
          BEACON.toBuilder().setProtocolVersion(2).build(),
          BEACON.toBuilder().addAddresses("").build(),
          BEACON.toBuilder().addAddresses("host\nname").build(),
          BEACON.toBuilder().addAllAddresses(Collections.nCopies(17, "10.0.0.1")).build(),
          BEACON.toBuilder().setInstanceId("x".repeat(65)).build()
        }) {
      assertEquals(Optional.empty(), decode(BeaconCodec.encode(bad)), bad.toString());
    }
  }
}
