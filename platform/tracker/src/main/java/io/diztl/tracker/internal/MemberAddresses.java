package io.diztl.tracker.internal;

import com.hazelcast.config.Config;
import com.hazelcast.config.NetworkConfig;
import io.diztl.api.DiztlException;
import io.diztl.tracker.ClusterConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Where a tracker's Hazelcast member listens and which address it gives the others. Behind the
 * tunnel every member is known by its public cluster address, the one listed in {@code --cluster},
 * so that all members see the same addresses whichever tunnel carries them, while it listens only
 * on a loopback port.
 */
final class MemberAddresses {

  private MemberAddresses() {}

  /** The member listens on the cluster port of {@code bindHost} itself, in plain text. */
  static Config direct(Config config, ClusterConfig cluster, String bindHost) {
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(false).setPortCount(1);
    if (!isWildcard(bindHost)) {
      config.setProperty("hazelcast.socket.bind.any", "false");
      network.getInterfaces().setEnabled(true).addInterface(resolve(bindHost).getHostAddress());
    }
    return config;
  }

  /**
   * The member listens on loopback {@code memberPort} and announces this tracker's own entry of the
   * member list; its outgoing sockets are bound by the tunnel, not by Hazelcast.
   */
  static Config behindTunnel(
      Config config, ClusterConfig cluster, String bindHost, int memberPort) {
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(memberPort).setPortAutoIncrement(false).setPortCount(1);
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.socket.client.bind", "false");
    network.getInterfaces().setEnabled(true).addInterface(LocalPorts.LOOPBACK.getHostAddress());
    network.setPublicAddress(publicAddress(cluster, bindHost));
    return config;
  }

  /**
   * This tracker's own entry in the member list: the one on its cluster port at an address of this
   * host ({@code bindHost}'s when it names one); failing that, {@code bindHost} itself.
   *
   * @throws DiztlException when neither names this tracker
   */
  static String publicAddress(ClusterConfig cluster, String bindHost) {
    Optional<InetAddress> bound =
        isWildcard(bindHost) ? Optional.empty() : Optional.of(resolve(bindHost));
    String fallback = null;
    for (String member : cluster.members()) {
      int colon = member.lastIndexOf(':');
      if (colon < 0 || !member.substring(colon + 1).equals(Integer.toString(cluster.port()))) {
        continue;
      }
      Optional<InetAddress> host = tryResolve(member.substring(0, colon));
      if (host.isEmpty()) {
        continue;
      }
      if (bound.isPresent() && bound.get().equals(host.get())) {
        return member;
      }
      if (fallback == null && isLocal(host.get())) {
        fallback = member;
      }
    }
    if (fallback != null) {
      return fallback;
    }
    if (bound.isPresent()) {
      return bound.get().getHostAddress() + ":" + cluster.port();
    }
    throw new DiztlException(
        "cannot tell the other trackers this tracker's cluster address: list it in --cluster"
            + " (HOST:"
            + cluster.port()
            + " with an address of this host) or bind the tracker to one address");
  }

  private static boolean isWildcard(String host) {
    return host.equals("0.0.0.0") || host.equals("::");
  }

  private static boolean isLocal(InetAddress address) {
    try {
      return address.isLoopbackAddress()
          || address.isAnyLocalAddress()
          || NetworkInterface.getByInetAddress(address) != null;
    } catch (IOException e) {
      return false;
    }
  }

  private static Optional<InetAddress> tryResolve(String host) {
    try {
      return Optional.of(InetAddress.getByName(host));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static InetAddress resolve(String host) {
    return tryResolve(host)
        .orElseThrow(() -> new DiztlException("cannot resolve the tracker's bind address " + host));
  }
}
