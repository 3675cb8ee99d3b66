package io.diztl.node.discovery;

import io.diztl.proto.PeerPin;
import io.diztl.proto.Transport;
import io.diztl.proto.discovery.BeaconCodec;
import io.diztl.proto.discovery.LocalNetworks;
import io.diztl.proto.v1.TrackerBeacon;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Finds a tracker on the local networks for a node started without {@code --tracker}: listens for
 * and asks for beacons, then connects to each tracker heard and checks over TLS that it holds the
 * identity its beacon claims (a beacon is only a hint: anyone on the LAN can send one). A tracker
 * whose network the node cannot join (closed while the node has no key, or open while it has one)
 * is skipped with a note saying why.
 */
public final class TrackerDiscovery {

  /** How long a node looks for a tracker before it runs its own, by default. */
  public static final Duration DEFAULT_WAIT = Duration.ofSeconds(3);

  /**
   * How long a heard tracker has to answer the TLS check (the first TLS connection of a new JVM is
   * slow on a busy machine).
   */
  static final Duration VERIFY_DEADLINE = Duration.ofSeconds(5);

  /**
   * Where and how long to look.
   *
   * @param udpPort the discovery port trackers listen on ({@link BeaconCodec#PORT})
   * @param targets where queries go, such as {@link LocalNetworks#broadcastAddresses()}
   * @param hearBroadcasts whether to hear the trackers' periodic broadcasts too
   * @param patience how long to look
   */
  public record Settings(
      int udpPort, Supplier<List<InetAddress>> targets, boolean hearBroadcasts, Duration patience) {

    /** Checks the parts. */
    public Settings {
      Objects.requireNonNull(targets, "targets");
      Objects.requireNonNull(patience, "patience");
      if (udpPort < 1 || udpPort > 65535) {
        throw new IllegalArgumentException("udpPort must be 1-65535, found " + udpPort);
      }
    }

    /** Every local network, the standard port, {@link #DEFAULT_WAIT}. */
    public static Settings localNetworks() {
      return new Settings(BeaconCodec.PORT, LocalNetworks::broadcastAddresses, true, DEFAULT_WAIT);
    }
  }

  private TrackerDiscovery() {}

  /**
   * The address ({@code HOST:PORT#FINGERPRINT}) of the first tracker heard that the node can join
   * and that proved its identity over TLS, or empty when there is none.
   *
   * @param transport a TLS transport to check the trackers with
   * @param haveKey whether the node has a network key
   * @param notes told, in a sentence each, about trackers heard but not chosen
   */
  public static Optional<String> find(
      Transport transport, boolean haveKey, Settings settings, Consumer<String> notes) {
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(notes, "notes");
    List<BeaconListener.Heard> heard;
    try {
      heard =
          BeaconListener.listen(
              settings.udpPort(),
              settings.targets().get(),
              settings.hearBroadcasts(),
              settings.patience());
    } catch (IOException e) {
      notes.accept("LAN discovery failed: " + e.getMessage());
      return Optional.empty();
    }
    for (BeaconListener.Heard one : heard) {
      TrackerBeacon beacon = one.beacon();
      String where = one.from().getHostAddress() + ":" + beacon.getPort();
      if (beacon.getKeyRequired() && !haveKey) {
        notes.accept(
            "tracker "
                + beacon.getFingerprint()
                + " at "
                + where
                + " runs a closed network: start the node with --network-key-file FILE (that"
                + " network's key) to join it");
        continue;
      }
      if (!beacon.getKeyRequired() && haveKey) {
        notes.accept(
            "tracker "
                + beacon.getFingerprint()
                + " at "
                + where
                + " runs an open network, but this node has a network key: not joining it");
        continue;
      }
      Optional<String> verified = verify(transport, one, notes);
      if (verified.isPresent()) {
        return verified;
      }
    }
    return Optional.empty();
  }

  /** The first of the beacon's addresses where the tracker proves its identity over TLS. */
  private static Optional<String> verify(
      Transport transport, BeaconListener.Heard heard, Consumer<String> notes) {
    TrackerBeacon beacon = heard.beacon();
    Set<String> hosts = new LinkedHashSet<>();
    hosts.add(heard.from().getHostAddress());
    hosts.addAll(beacon.getAddressesList());
    String failure = "";
    for (String host : hosts) {
      ManagedChannel channel =
          transport.channel(host, beacon.getPort(), PeerPin.of(beacon.getFingerprint()));
      try {
        Transport.probe(channel, VERIFY_DEADLINE);
        return Optional.of(
            (host.contains(":") ? "[" + host + "]" : host)
                + ":"
                + beacon.getPort()
                + "#"
                + beacon.getFingerprint());
      } catch (StatusRuntimeException e) {
        failure = Transport.describe(e);
      } finally {
        Transport.close(channel);
      }
    }
    notes.accept(
        "tracker "
            + beacon.getFingerprint()
            + " announced from "
            + heard.from().getHostAddress()
            + " did not prove that identity over TLS ("
            + failure
            + "): ignored");
    return Optional.empty();
  }
}
