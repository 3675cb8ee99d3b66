package io.diztl.tracker.internal;

import java.util.Optional;

/**
 * Another tracker of the cluster, as its member publishes it.
 *
 * @param host the host of its cluster member, where its gRPC service listens too
 * @param port its gRPC port
 * @param id its identity, the fingerprint its TLS certificate must have; empty in plain text
 */
public record TrackerPeer(String host, int port, String id) {

  /**
   * The tracker a member at {@code host} publishes as {@code value} ({@code PORT#ID}); empty when
   * it publishes none (null) or a malformed one.
   */
  static Optional<TrackerPeer> of(String host, String value) {
    if (value == null) {
      return Optional.empty();
    }
    int hash = value.indexOf('#');
    try {
      int port = Integer.parseInt(hash < 0 ? value : value.substring(0, hash));
      return Optional.of(new TrackerPeer(host, port, hash < 0 ? "" : value.substring(hash + 1)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** {@code HOST:PORT#ID}, or {@code HOST:PORT} without an identity. */
  @Override
  public String toString() {
    String hostPort = host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    return id.isEmpty() ? hostPort : hostPort + "#" + id;
  }
}
