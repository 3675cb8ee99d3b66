package io.diztl.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.node.discovery.TrackerDiscovery;
import io.diztl.proto.Identity;
import io.diztl.proto.NetworkKey;
import io.diztl.proto.Transport;
import io.diztl.tracker.TrackerConfig;
import io.diztl.tracker.TrackerServer;
import io.diztl.tracker.discovery.BeaconAnnouncer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * LAN discovery between a real tracker and a node's discovery on loopback, with unicast datagrams
 * only (nothing is broadcast): the node finds the tracker, checks it over TLS, skips a forged
 * beacon and says why it does not join a closed network without the key. {@link LanDiscoveryIT}
 * broadcasts for real, inside network namespaces.
 */
class DiscoveryIT {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private final int udpPort = freeUdpPort();
  private final List<AutoCloseable> running = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable closeable : running.reversed()) {
      closeable.close();
    }
  }

  private TrackerServer tracker(Optional<NetworkKey> key) {
    TrackerConfig config = TrackerConfig.onPort(0);
    config =
        new TrackerConfig(
            "127.0.0.1", 0, config.nodeTtl(), config.searchDeadline(), config.limits());
    Transport transport = Transport.tls(Identity.generate());
    TrackerServer tracker =
        key.isPresent()
            ? TrackerServer.start(config, transport, key.get())
            : TrackerServer.start(config, transport);
    running.add(tracker);
    return tracker;
  }

  private void announce(String fingerprint, int port, boolean keyRequired) {
    running.add(
        BeaconAnnouncer.start(
            fingerprint,
            port,
            keyRequired,
            new BeaconAnnouncer.Settings(
                udpPort,
                BeaconAnnouncer.DEFAULT_PERIOD,
                () -> List.of(LOOPBACK),
                () -> List.of("127.0.0.1"))));
  }

  private Optional<String> find(boolean haveKey) {
    return TrackerDiscovery.find(
        Transport.tls(Identity.generate()),
        haveKey,
        new TrackerDiscovery.Settings(
            udpPort, () -> List.of(LOOPBACK), false, Duration.ofSeconds(5)),
        notes::add);
  }

  @Test
  void aNodeFindsTheTrackerAndChecksItsIdentity() {
    TrackerServer tracker = tracker(Optional.empty());
    announce(tracker.id().orElseThrow(), tracker.port(), false);

    assertEquals(
        Optional.of("127.0.0.1:" + tracker.port() + "#" + tracker.id().orElseThrow()), find(false));
    assertEquals(List.of(), notes);
  }

  @Test
  void aForgedBeaconIsIgnoredWithANote() {
    TrackerServer tracker = tracker(Optional.empty());
    String forged = Identity.generate().id();
    announce(forged, tracker.port(), false);

    assertEquals(Optional.empty(), find(false));
    assertEquals(1, notes.size(), notes::toString);
    assertTrue(notes.get(0).contains(forged + " announced from 127.0.0.1"), notes::toString);
    assertTrue(notes.get(0).contains("did not prove that identity over TLS"), notes::toString);
  }

  @Test
  void aNodeWithoutTheKeyIsToldTheNetworkIsClosedAndOneWithItJoins() {
    TrackerServer tracker = tracker(Optional.of(NetworkKey.generate()));
    announce(tracker.id().orElseThrow(), tracker.port(), tracker.closedNetwork());

    assertEquals(Optional.empty(), find(false));
    assertEquals(1, notes.size(), notes::toString);
    assertTrue(notes.get(0).contains("runs a closed network"), notes::toString);
    assertTrue(notes.get(0).contains("--network-key-file"), notes::toString);
    assertTrue(find(true).isPresent());
  }

  @Test
  void nothingFoundWhenNoTrackerAnswers() {
    assertEquals(Optional.empty(), find(false));
    assertEquals(List.of(), notes);
  }

  private static int freeUdpPort() {
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
