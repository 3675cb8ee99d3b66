package io.diztl.tracker.discovery;

import io.diztl.proto.discovery.BeaconCodec;
import io.diztl.proto.discovery.LocalNetworks;
import io.diztl.proto.v1.TrackerBeacon;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces a tracker on the local networks: broadcasts a {@link TrackerBeacon} every {@link
 * Settings#period()} and answers each node's query at once, to the address it came from. Answers
 * are rate-limited ({@value #ANSWERS_PER_SECOND} a second), so spoofed queries cannot turn the
 * tracker into a flood. Closing it stops both.
 */
public final class BeaconAnnouncer implements AutoCloseable {

  /** How often a beacon is broadcast, by default. */
  public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(30);

  /** Most answers to queries in one second. */
  static final int ANSWERS_PER_SECOND = 20;

  private static final Logger LOG = LoggerFactory.getLogger(BeaconAnnouncer.class);

  /**
   * Where and how often to announce.
   *
   * @param udpPort the port to hear queries on and broadcast to ({@link BeaconCodec#PORT})
   * @param period time between two broadcasts
   * @param targets the addresses to broadcast to, asked before each broadcast, such as {@link
   *     LocalNetworks#broadcastAddresses()}
   * @param addresses the addresses the beacon lists, asked before each beacon, such as {@link
   *     LocalNetworks#ownAddresses()}
   */
  public record Settings(
      int udpPort,
      Duration period,
      Supplier<List<InetAddress>> targets,
      Supplier<List<String>> addresses) {

    /** Checks the parts. */
    public Settings {
      Objects.requireNonNull(period, "period");
      Objects.requireNonNull(targets, "targets");
      Objects.requireNonNull(addresses, "addresses");
      if (udpPort < 0 || udpPort > 65535) {
        throw new IllegalArgumentException("udpPort must be 0-65535, found " + udpPort);
      }
      if (period.isNegative() || period.isZero()) {
        throw new IllegalArgumentException("period must be positive, found " + period);
      }
    }

    /** Broadcasts on every local network, every 30 s, on the standard port. */
    public static Settings localNetworks() {
      return new Settings(
          BeaconCodec.PORT,
          DEFAULT_PERIOD,
          LocalNetworks::broadcastAddresses,
          LocalNetworks::ownAddresses);
    }
  }

  private final DatagramChannel channel;
  private final Settings settings;
  private final TrackerBeacon template;
  private final ScheduledExecutorService broadcaster;
  private final Thread listener;
  private final LongSupplier nanoClock;
  private long windowStart;
  private int answersInWindow;

  private BeaconAnnouncer(
      DatagramChannel channel, Settings settings, TrackerBeacon template, LongSupplier nanoClock) {
    this.channel = channel;
    this.settings = settings;
    this.template = template;
    this.nanoClock = nanoClock;
    this.broadcaster =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("diztl-beacon").daemon().factory());
    this.listener = Thread.ofPlatform().name("diztl-beacon-queries").daemon().unstarted(this::hear);
  }

  /**
   * Starts announcing the tracker with identity {@code fingerprint} on gRPC port {@code port}.
   *
   * @param keyRequired whether the network is closed (nodes need the network key)
   * @throws UncheckedIOException when the UDP port cannot be opened
   */
  public static BeaconAnnouncer start(
      String fingerprint, int port, boolean keyRequired, Settings settings) {
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(settings, "settings");
    TrackerBeacon template =
        TrackerBeacon.newBuilder()
            .setFingerprint(fingerprint)
            .setPort(port)
            .setInstanceId(UUID.randomUUID().toString())
            .setProtocolVersion(BeaconCodec.PROTOCOL_VERSION)
            .setKeyRequired(keyRequired)
            .build();
    DatagramChannel channel;
    try {
      channel =
          DatagramChannel.open()
              .setOption(StandardSocketOptions.SO_REUSEADDR, true)
              .setOption(StandardSocketOptions.SO_BROADCAST, true)
              .bind(new InetSocketAddress(settings.udpPort()));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot open UDP port " + settings.udpPort() + " for LAN discovery: " + e.getMessage(),
          e);
    }
    BeaconAnnouncer announcer = new BeaconAnnouncer(channel, settings, template, System::nanoTime);
    announcer.listener.start();
    announcer.broadcaster.scheduleWithFixedDelay(
        announcer::broadcast, 0, settings.period().toMillis(), TimeUnit.MILLISECONDS);
    LOG.info(
        "announcing tracker {} on the local networks (UDP port {})",
        fingerprint,
        announcer.udpPort());
    return announcer;
  }

  /** The UDP port queries are heard on; the one picked when the settings asked for 0. */
  public int udpPort() {
    try {
      return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    } catch (IOException e) {
      return settings.udpPort();
    }
  }

  private ByteBuffer beacon() {
    List<String> addresses = settings.addresses().get();
    return ByteBuffer.wrap(
        BeaconCodec.encode(
            template.toBuilder()
                .addAllAddresses(
                    addresses.stream()
                        .filter(a -> a.length() <= BeaconCodec.MAX_ADDRESS_CHARS)
                        .limit(BeaconCodec.MAX_ADDRESSES)
                        .toList())
                .build()));
  }

  private void broadcast() {
    for (InetAddress target : settings.targets().get()) {
      try {
        channel.send(beacon(), new InetSocketAddress(target, settings.udpPort()));
      } catch (IOException e) {
        LOG.debug("cannot broadcast the beacon to {}: {}", target, e.toString());
      }
    }
  }

  private void hear() {
    ByteBuffer buffer = ByteBuffer.allocate(BeaconCodec.MAX_DATAGRAM_BYTES + 1);
    while (channel.isOpen()) {
      try {
        buffer.clear();
        SocketAddress sender = channel.receive(buffer);
        if (sender != null
            && BeaconCodec.isQuery(buffer.array(), buffer.position())
            && mayAnswer()) {
          channel.send(beacon(), sender);
        }
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        LOG.debug("discovery datagram failed: {}", e.toString());
      }
    }
  }

  private boolean mayAnswer() {
    long now = nanoClock.getAsLong();
    if (now - windowStart >= TimeUnit.SECONDS.toNanos(1)) {
      windowStart = now;
      answersInWindow = 0;
    }
    return ++answersInWindow <= ANSWERS_PER_SECOND;
  }

  /** Stops broadcasting and answering. */
  @Override
  public void close() {
    broadcaster.shutdownNow();
    try {
      channel.close();
      listener.join(TimeUnit.SECONDS.toMillis(2));
      broadcaster.awaitTermination(2, TimeUnit.SECONDS);
    } catch (IOException e) {
      LOG.debug("closing the discovery port failed: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
