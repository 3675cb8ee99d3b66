package io.diztl.ui.web;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which {@code Host} headers the server answers: loopback names, the bound address and, when bound
 * to every interface, the machine's addresses and name. Anything else is a foreign name pointing at
 * this machine (DNS rebinding) and is refused.
 */
final class HostPolicy {

  private final Set<String> names;
  private final int port;

  private HostPolicy(Set<String> names, int port) {
    this.names = Set.copyOf(names);
    this.port = port;
  }

  /** The policy of a server bound to {@code bindHost} on {@code port}. */
  static HostPolicy of(String bindHost, int port) {
    Set<String> names = new HashSet<>(Set.of("localhost", "127.0.0.1", "::1"));
    names.add(bare(bindHost));
    try {
      InetAddress bound = InetAddress.getByName(bindHost);
      names.add(bare(bound.getHostAddress()));
      if (bound.isAnyLocalAddress()) {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
          for (InetAddress address : Collections.list(nic.getInetAddresses())) {
            names.add(bare(address.getHostAddress().replaceFirst("%.*$", "")));
          }
        }
        InetAddress self = InetAddress.getLocalHost();
        names.add(bare(self.getHostName()));
        names.add(bare(self.getCanonicalHostName()));
      }
    } catch (UnknownHostException | SocketException e) {
      // The names known so far still work; an address that cannot be listed is not answered.
    }
    return new HostPolicy(names, port);
  }

  /** Whether a {@code Host} header value ({@code name} or {@code name:port}) is allowed. */
  boolean allows(String host) {
    if (host == null || host.isBlank()) {
      return false;
    }
    String name = host.strip();
    String portPart = null;
    if (name.startsWith("[")) {
      int end = name.indexOf(']');
      if (end < 0) {
        return false;
      }
      portPart = name.length() > end + 1 ? name.substring(end + 1) : null;
      name = name.substring(1, end);
      if (portPart != null && !portPart.startsWith(":")) {
        return false;
      }
      portPart = portPart == null ? null : portPart.substring(1);
    } else if (name.indexOf(':') >= 0) {
      if (name.indexOf(':') != name.lastIndexOf(':')) {
        return false;
      }
      portPart = name.substring(name.indexOf(':') + 1);
      name = name.substring(0, name.indexOf(':'));
    }
    if (portPart != null && !portPart.equals(Integer.toString(port))) {
      return false;
    }
    return names.contains(bare(name));
  }

  private static String bare(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.startsWith("[") && lower.endsWith("]")) {
      lower = lower.substring(1, lower.length() - 1);
    }
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }
}
