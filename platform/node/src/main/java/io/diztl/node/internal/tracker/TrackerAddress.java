package io.diztl.node.internal.tracker;

import io.diztl.api.DiztlException;
import io.diztl.proto.Fingerprint;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where the tracker listens, and the identity it must present when the address pins one.
 *
 * @param host host name or address (IPv6 without brackets)
 * @param port TCP port, 1-65535
 * @param fingerprint the tracker's identity ({@link Fingerprint}), or empty when not given
 */
public record TrackerAddress(String host, int port, String fingerprint) {

  /** Checks the parts. */
  public TrackerAddress {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(fingerprint, "fingerprint");
  }

  /** An address that pins no identity. */
  public TrackerAddress(String host, int port) {
    this(host, port, "");
  }

  /**
   * Parses {@code HOST:PORT} or {@code HOST:PORT#FINGERPRINT} (an IPv6 host in brackets, {@code
   * [::1]:7400}), the form a tracker prints at start.
   *
   * @throws DiztlException when the text is not of that form
   */
  public static TrackerAddress parse(String text) {
    Objects.requireNonNull(text, "text");
    String trimmed = text.strip();
    String fingerprint = "";
    int hash = trimmed.indexOf('#');
    if (hash >= 0) {
      fingerprint = Fingerprint.normalize(trimmed.substring(hash + 1));
      trimmed = trimmed.substring(0, hash);
      String problem = Fingerprint.problem(fingerprint).orElse(null);
      if (problem != null) {
        throw new DiztlException(
            "malformed tracker fingerprint in '"
                + text
                + "': "
                + problem
                + " (copy HOST:PORT#FINGERPRINT as the tracker prints it)");
      }
    }
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
          "malformed tracker address '"
              + text
              + "': expected HOST:PORT or HOST:PORT#FINGERPRINT, such as localhost:7400");
    }
    return new TrackerAddress(host, port, fingerprint);
  }

  /**
   * Parses a comma-separated list of trackers of one cluster, each as {@link #parse(String)} takes
   * it: {@code A,B,C}.
   *
   * @throws DiztlException when the list is empty or an entry is malformed
   */
  public static List<TrackerAddress> parseList(String text) {
    Objects.requireNonNull(text, "text");
    List<TrackerAddress> addresses = new ArrayList<>();
    for (String entry : text.split(",")) {
      if (!entry.isBlank()) {
        addresses.add(parse(entry));
      }
    }
    if (addresses.isEmpty()) {
      throw new DiztlException(
          "no tracker address in '" + text + "': expected HOST:PORT[#FINGERPRINT],...");
    }
    return List.copyOf(addresses);
  }

  /** This address pinning {@code id} (empty: pinning none). */
  public TrackerAddress withFingerprint(String id) {
    return new TrackerAddress(host, port, id);
  }

  /** {@code HOST:PORT} without the fingerprint. */
  public String hostPort() {
    return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
  }

  /** {@code HOST:PORT}, followed by {@code #FINGERPRINT} when it pins one. */
  @Override
  public String toString() {
    return fingerprint.isEmpty() ? hostPort() : hostPort() + "#" + fingerprint;
  }
}
