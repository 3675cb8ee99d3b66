package io.diztl.node.internal;

import io.diztl.api.DiztlException;
import java.util.Objects;

/**
 * Where the tracker listens.
 *
 * @param host host name or address (IPv6 without brackets)
 * @param port TCP port, 1-65535
 */
public record TrackerAddress(String host, int port) {

  /** Checks the parts. */
  public TrackerAddress {
    Objects.requireNonNull(host, "host");
  }

  /**
   * Parses {@code HOST:PORT} (an IPv6 host in brackets, {@code [::1]:7400}).
   *
   * @throws DiztlException when the text is not of that form
   */
  public static TrackerAddress parse(String text) {
    Objects.requireNonNull(text, "text");
    String trimmed = text.strip();
    int colon = trimmed.lastIndexOf(':');
    String host = colon < 0 ? "" : trimmed.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = -1;
    if (colon >= 0) {
      try {
        port = Integer.parseInt(trimmed.substring(colon + 1));
      } catch (NumberFormatException e) {
        port = -1;
      }
    }
    boolean bareIpv6 = host.contains(":") && !trimmed.startsWith("[");
    if (host.isEmpty() || bareIpv6 || port < 1 || port > 65535) {
      throw new DiztlException(
          "malformed tracker address '" + text + "': expected HOST:PORT, such as localhost:7400");
    }
    return new TrackerAddress(host, port);
  }

  @Override
  public String toString() {
    return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
  }
}
