package io.diztl.node.internal;

import io.diztl.proto.Transport;
import io.grpc.ManagedChannel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Channels to other nodes, one per {@code host:port}, kept open until closed. */
public final class PeerChannels implements AutoCloseable {

  private final Map<String, ManagedChannel> channels = new HashMap<>();
  private boolean closed;

  /** The channel to {@code host:port}, opened on first use. */
  public synchronized ManagedChannel channel(String host, int port) {
    if (closed) {
      throw new IllegalStateException("peer channels are closed");
    }
    return channels.computeIfAbsent(host + ":" + port, key -> Transport.channel(host, port));
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
