package io.diztl.node.discovery;

import io.diztl.proto.discovery.BeaconCodec;
import io.diztl.proto.v1.TrackerBeacon;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Looks for trackers on the local networks: asks by sending a query to each target address once a
 * second, and hears both the answers and the trackers' periodic broadcasts, until a beacon came in
 * and a short while passed for others, or the time is up. What it finds is only a hint: see {@link
 * TrackerDiscovery}.
 */
final class BeaconListener {

  /** Time to wait for more trackers after the first one answered. */
  static final Duration SETTLE = Duration.ofMillis(300);

  private static final Duration ASK_EVERY = Duration.ofSeconds(1);

  /** A beacon and the address it came from. */
  record Heard(TrackerBeacon beacon, InetAddress from) {}

  private BeaconListener() {}

  /**
   * The trackers heard within {@code wait}, one per fingerprint, in the order they were heard.
   *
   * @param udpPort the discovery port trackers listen on
   * @param targets where to send queries, such as the local broadcast addresses
   * @param hearBroadcasts whether to hear the trackers' broadcasts on {@code udpPort} too (shared
   *     with a tracker on this machine, which then may not get unicast queries)
   */
  static List<Heard> listen(
      int udpPort, List<InetAddress> targets, boolean hearBroadcasts, Duration wait)
      throws IOException {
    Objects.requireNonNull(targets, "targets");
    Map<String, Heard> heard = new LinkedHashMap<>();
    try (Selector selector = Selector.open();
        DatagramChannel asker = DatagramChannel.open()) {
      asker.setOption(StandardSocketOptions.SO_BROADCAST, true).bind(new InetSocketAddress(0));
      asker.configureBlocking(false).register(selector, SelectionKey.OP_READ);
      List<DatagramChannel> channels = new ArrayList<>(List.of(asker));
      if (hearBroadcasts) {
        broadcastHearer(udpPort).ifPresent(channels::add);
      }
      for (DatagramChannel channel : channels.subList(1, channels.size())) {
        channel.configureBlocking(false).register(selector, SelectionKey.OP_READ);
      }
      try {
        long end = System.nanoTime() + wait.toNanos();
        long nextAsk = System.nanoTime();
        ByteBuffer buffer = ByteBuffer.allocate(BeaconCodec.MAX_DATAGRAM_BYTES + 1);
        while (true) {
          long now = System.nanoTime();
          if (now - end >= 0) {
            break;
          }
          if (now - nextAsk >= 0) {
            ask(asker, udpPort, targets);
            nextAsk = now + ASK_EVERY.toNanos();
          }
          long sleep = Math.min(end - now, nextAsk - now);
          selector.select(Math.max(1, sleep / 1_000_000));
          for (SelectionKey key : selector.selectedKeys()) {
            DatagramChannel channel = (DatagramChannel) key.channel();
            buffer.clear();
            if (channel.receive(buffer) instanceof InetSocketAddress from) {
              BeaconCodec.decodeBeacon(buffer.array(), buffer.position())
                  .ifPresent(
                      beacon ->
                          heard.putIfAbsent(
                              beacon.getFingerprint(), new Heard(beacon, from.getAddress())));
            }
          }
          selector.selectedKeys().clear();
          if (!heard.isEmpty()) {
            end = Math.min(end, System.nanoTime() + SETTLE.toNanos());
          }
        }
      } finally {
        for (DatagramChannel channel : channels.subList(1, channels.size())) {
          channel.close();
        }
      }
    }
    return List.copyOf(heard.values());
  }

  private static void ask(DatagramChannel asker, int udpPort, List<InetAddress> targets) {
    byte[] query = BeaconCodec.encodeQuery();
    for (InetAddress target : targets) {
      try {
        asker.send(ByteBuffer.wrap(query), new InetSocketAddress(target, udpPort));
      } catch (IOException e) {
        // An interface without a route: the others may still answer.
      }
    }
  }

  /** A channel on the discovery port for the trackers' broadcasts, when it can be opened. */
  private static Optional<DatagramChannel> broadcastHearer(int udpPort) {
    try {
      return Optional.of(
          DatagramChannel.open()
              .setOption(StandardSocketOptions.SO_REUSEADDR, true)
              .bind(new InetSocketAddress(udpPort)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
