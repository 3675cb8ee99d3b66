package io.diztl.node.internal;

import io.diztl.proto.PeerPin;
import io.diztl.proto.Transport;
import io.grpc.ManagedChannel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Channels to other nodes, one per {@code host:port}, node id and connection number (parallel
 * streams of a download each use a connection of their own), each pinned to that node's identity,
 * kept open until closed.
 */
public final class PeerChannels implements AutoCloseable {

  private final Map<String, ManagedChannel> channels = new HashMap<>();
  private final Transport transport;
  private boolean closed;

  /** Channels over {@code transport}. */
  public PeerChannels(Transport transport) {
    this.transport = transport;
  }

  /**
   * The channel to node {@code nodeId} at {@code host:port}, opened on first use; a server there
   * with another identity fails its TLS handshake.
   */
  public ManagedChannel channel(String host, int port, String nodeId) {
    return channel(host, port, nodeId, 0);
  }

  /**
   * As {@link #channel(String, int, String)}, over connection number {@code connection}: each
   * number is a channel (a TCP and TLS connection) of its own.
   */
  public synchronized ManagedChannel channel(String host, int port, String nodeId, int connection) {
    if (closed) {
      throw new IllegalStateException("peer channels are closed");
    }
    if (connection < 0) {
      throw new IllegalArgumentException("expected a connection number >= 0, found " + connection);
    }
    return channels.computeIfAbsent(
        host + ":" + port + "#" + nodeId + "/" + connection,
        key -> transport.channel(host, port, PeerPin.of(nodeId)));
  }

  /** Closes every channel, each with a bounded wait. */
  @Override
  public void close() {
    List<ManagedChannel> open;
    synchronized (this) {
      closed = true;
      open = List.copyOf(channels.values());
      channels.clear();
    }
    open.forEach(ManagedChannel::shutdown);
    open.forEach(Transport::close);
  }
}
