package io.diztl.proto.discovery;

import com.google.protobuf.InvalidProtocolBufferException;
import io.diztl.proto.Fingerprint;
import io.diztl.proto.v1.TrackerBeacon;
import io.diztl.proto.v1.TrackerQuery;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The datagrams of LAN discovery: a 4-byte magic number ({@code DZB1} for a {@link TrackerBeacon},
 * {@code DZQ1} for a {@link TrackerQuery}) followed by the message. Decoding never throws: a
 * datagram that is too large, has another magic number, does not parse or carries implausible
 * values is ignored, since anyone on the LAN can send one.
 */
public final class BeaconCodec {

  /** The UDP port trackers listen on for queries and broadcast their beacons to. */
  public static final int PORT = 7400;

  /** The discovery protocol version this codec speaks. */
  public static final int PROTOCOL_VERSION = 1;

  /** Largest datagram sent or accepted: well inside one Ethernet frame. */
  public static final int MAX_DATAGRAM_BYTES = 1200;

  /** Most addresses a beacon may list. */
  public static final int MAX_ADDRESSES = 16;

  /** Longest address text a beacon may carry (an IPv6 literal with a zone fits). */
  public static final int MAX_ADDRESS_CHARS = 64;

  private static final byte[] BEACON = "DZB1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] QUERY = "DZQ1".getBytes(StandardCharsets.US_ASCII);
  private static final int INSTANCE_ID_CHARS = 64;

  private BeaconCodec() {}

  /**
   * The datagram of {@code beacon}.
   *
   * @throws IllegalArgumentException when it would exceed {@value #MAX_DATAGRAM_BYTES} bytes
   */
  public static byte[] encode(TrackerBeacon beacon) {
    return frame(BEACON, Objects.requireNonNull(beacon, "beacon").toByteArray());
  }

  /** The datagram of a query. */
  public static byte[] encodeQuery() {
    return frame(
        QUERY,
        TrackerQuery.newBuilder().setProtocolVersion(PROTOCOL_VERSION).build().toByteArray());
  }

  /** The beacon in {@code length} bytes of {@code data}, or empty when it is not a valid one. */
  public static Optional<TrackerBeacon> decodeBeacon(byte[] data, int length) {
    return body(BEACON, data, length)
        .flatMap(
            body -> {
              try {
                return Optional.of(TrackerBeacon.parseFrom(body));
              } catch (InvalidProtocolBufferException e) {
                return Optional.empty();
              }
            })
        .filter(BeaconCodec::plausible);
  }

  /** Whether {@code length} bytes of {@code data} are a valid query. */
  public static boolean isQuery(byte[] data, int length) {
    return body(QUERY, data, length)
        .map(
            body -> {
              try {
                return TrackerQuery.parseFrom(body).getProtocolVersion() >= 1;
              } catch (InvalidProtocolBufferException e) {
                return false;
              }
            })
        .orElse(false);
  }

  private static byte[] frame(byte[] magic, byte[] body) {
    if (magic.length + body.length > MAX_DATAGRAM_BYTES) {
      throw new IllegalArgumentException(
          "a discovery datagram has at most "
              + MAX_DATAGRAM_BYTES
              + " bytes, this one would have "
              + (magic.length + body.length));
    }
    byte[] datagram = Arrays.copyOf(magic, magic.length + body.length);
    System.arraycopy(body, 0, datagram, magic.length, body.length);
    return datagram;
  }

  private static Optional<byte[]> body(byte[] magic, byte[] data, int length) {
    if (data == null
        || length < magic.length
        || length > MAX_DATAGRAM_BYTES
        || length > data.length
        || !Arrays.equals(data, 0, magic.length, magic, 0, magic.length)) {
      return Optional.empty();
    }
    return Optional.of(Arrays.copyOfRange(data, magic.length, length));
  }

  private static boolean plausible(TrackerBeacon beacon) {
    return beacon.getProtocolVersion() == PROTOCOL_VERSION
        && Fingerprint.isValid(beacon.getFingerprint())
        && beacon.getPort() > 0
        && beacon.getPort() <= 65535
        && beacon.getInstanceId().length() <= INSTANCE_ID_CHARS
        && beacon.getAddressesCount() <= MAX_ADDRESSES
        && beacon.getAddressesList().stream()
            .allMatch(
                address ->
                    !address.isEmpty()
                        && address.length() <= MAX_ADDRESS_CHARS
                        && address.chars().allMatch(c -> c > ' ' && c < 0x7f));
  }
}
