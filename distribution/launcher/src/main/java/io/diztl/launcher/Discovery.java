package io.diztl.launcher;

import io.diztl.node.discovery.TrackerDiscovery;
import io.diztl.proto.Identity;
import io.diztl.proto.Transport;
import io.diztl.tracker.TrackerServer;
import io.diztl.tracker.discovery.BeaconAnnouncer;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * When the serving commands use LAN discovery: only over TLS, unless {@code --no-discovery}, and
 * only when they listen beyond loopback (a node or tracker bound to 127.0.0.1 is not on the LAN).
 */
final class Discovery {

  private static final Set<String> ANY_ADDRESS = Set.of("0.0.0.0", "::", "[::]");

  private Discovery() {}

  /** Whether a command with these options takes part in discovery. */
  static boolean enabled(boolean noDiscovery, boolean insecure, String bind) {
    return !noDiscovery && !insecure && !loopback(bind);
  }

  /**
   * Looks for a tracker on the local networks and returns its verified {@code
   * HOST:PORT#FINGERPRINT}, telling the user on {@code err} what it does.
   */
  static Optional<String> findTracker(boolean haveKey, PrintWriter err) {
    err.println(
        "looking for a tracker on the local network (up to "
            + TrackerDiscovery.DEFAULT_WAIT.toSeconds()
            + " s; --tracker or --no-discovery skip this)");
    err.flush();
    Optional<String> found =
        TrackerDiscovery.find(
            Transport.tls(Identity.generate()),
            haveKey,
            TrackerDiscovery.Settings.localNetworks(),
            note -> {
              err.println("note: " + note);
              err.flush();
            });
    err.println(
        found
            .map(
                address -> "found tracker " + address + " on the local network (verified over TLS)")
            .orElse("no tracker found on the local network: running one in this node"));
    err.flush();
    return found;
  }

  /**
   * Announces {@code tracker} on the local networks, or returns empty with a note when the UDP port
   * cannot be opened (the tracker works without it).
   */
  static Optional<BeaconAnnouncer> announce(TrackerServer tracker, String bind, PrintWriter err) {
    BeaconAnnouncer.Settings lan = BeaconAnnouncer.Settings.localNetworks();
    BeaconAnnouncer.Settings settings =
        ANY_ADDRESS.contains(bind)
            ? lan
            : new BeaconAnnouncer.Settings(
                lan.udpPort(), lan.period(), lan.targets(), () -> List.of(bind));
    try {
      return Optional.of(
          BeaconAnnouncer.start(
              tracker.id().orElseThrow(), tracker.port(), tracker.closedNetwork(), settings));
    } catch (UncheckedIOException e) {
      err.println("note: not announced on the local network: " + e.getMessage());
      err.flush();
      return Optional.empty();
    }
  }

  private static boolean loopback(String bind) {
    if (ANY_ADDRESS.contains(bind)) {
      return false;
    }
    try {
      return InetAddress.getByName(bind).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
