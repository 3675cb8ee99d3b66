package io.diztl.proto.discovery;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The IPv4 networks of this machine that discovery uses: interfaces that are up, not loopback and
 * not point-to-point, with their addresses and broadcast addresses.
 */
public final class LocalNetworks {

  private LocalNetworks() {}

  /** The broadcast address of each such network; empty when there is none. */
  public static List<InetAddress> broadcastAddresses() {
    List<InetAddress> found = new ArrayList<>();
    for (InterfaceAddress address : interfaceAddresses()) {
      if (address.getBroadcast() != null && !found.contains(address.getBroadcast())) {
        found.add(address.getBroadcast());
      }
    }
    return found;
  }

  /** This machine's own address on each such network. */
  public static List<String> ownAddresses() {
    return interfaceAddresses().stream()
        .map(address -> address.getAddress().getHostAddress())
        .distinct()
        .toList();
  }

  private static List<InterfaceAddress> interfaceAddresses() {
    List<InterfaceAddress> found = new ArrayList<>();
    try {
      for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!network.isUp() || network.isLoopback() || network.isPointToPoint()) {
          continue;
        }
        for (InterfaceAddress address : network.getInterfaceAddresses()) {
          if (address.getAddress() instanceof Inet4Address) {
            found.add(address);
          }
        }
      }
    } catch (SocketException e) {
      return List.of();
    }
    return found;
  }
}
