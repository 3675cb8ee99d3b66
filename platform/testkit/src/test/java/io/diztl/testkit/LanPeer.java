package io.diztl.testkit;

import io.diztl.node.discovery.TrackerDiscovery;
import io.diztl.proto.Identity;
import io.diztl.proto.NetworkKey;
import io.diztl.proto.Transport;
import io.diztl.tracker.TrackerConfig;
import io.diztl.tracker.TrackerServer;
import io.diztl.tracker.discovery.BeaconAnnouncer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One side of {@link LanDiscoveryIT}, run in its own process inside a network namespace:
 *
 * <ul>
 *   <li>{@code tracker DATA [KEYFILE]}: a tracker on 0.0.0.0:7400 announced on the namespace's
 *       networks; prints {@code TRACKER ID UDP PORT}, runs until its standard input closes;
 *   <li>{@code find [KEYFILE]}: discovery as a node without {@code --tracker} does it; prints
 *       {@code NOTE ...} lines, then {@code FOUND ADDRESS} or {@code NONE}.
 * </ul>
 */
final class LanPeer {

  private LanPeer() {}

  public static void main(String[] args) throws IOException {
    Optional<NetworkKey> key =
        args.length > (args[0].equals("tracker") ? 2 : 1)
            ? Optional.of(NetworkKey.read(Path.of(args[args.length - 1])))
            : Optional.empty();
    if (args[0].equals("tracker")) {
      Transport transport =
          Transport.tls(Identity.loadOrCreate(Files.createDirectories(Path.of(args[1]))));
      TrackerConfig config = TrackerConfig.onPort(TrackerConfig.DEFAULT_PORT);
      try (TrackerServer tracker =
              key.isPresent()
                  ? TrackerServer.start(config, transport, key.get())
                  : TrackerServer.start(config, transport);
          BeaconAnnouncer announcer =
              BeaconAnnouncer.start(
                  tracker.id().orElseThrow(),
                  tracker.port(),
                  tracker.closedNetwork(),
                  BeaconAnnouncer.Settings.localNetworks())) {
        System.out.println("TRACKER " + tracker.id().orElseThrow() + " UDP " + announcer.udpPort());
        System.out.flush();
        while (System.in.read() >= 0) {
          // Runs until the test closes the pipe or ends the process.
        }
      }
    } else {
      TrackerDiscovery.Settings lan = TrackerDiscovery.Settings.localNetworks();
      Optional<String> found =
          TrackerDiscovery.find(
              Transport.tls(Identity.generate()),
              key.isPresent(),
              new TrackerDiscovery.Settings(
                  lan.udpPort(), lan.targets(), true, Duration.ofSeconds(5)),
              note -> System.out.println("NOTE " + note));
      System.out.println(found.map(address -> "FOUND " + address).orElse("NONE"));
    }
  }
}
