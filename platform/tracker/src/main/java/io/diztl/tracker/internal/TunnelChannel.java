package io.diztl.tracker.internal;

import com.hazelcast.internal.networking.Channel;
import com.hazelcast.internal.networking.ChannelCloseListener;
import com.hazelcast.internal.networking.ChannelOptions;
import com.hazelcast.internal.networking.InboundPipeline;
import com.hazelcast.internal.networking.OutboundFrame;
import com.hazelcast.internal.networking.OutboundPipeline;
import com.hazelcast.internal.nio.Connection;
import com.hazelcast.internal.server.ServerConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentMap;

/**
 * A Hazelcast channel as the cluster tunnel lets it be: an outgoing one {@link #connect}s to the
 * loopback forwarder of the member instead of its public address; a refused incoming one closes
 * when Hazelcast starts it (closing it any earlier would fail Hazelcast's acceptor, which then
 * stops accepting). Everything else is the wrapped channel's.
 */
final class TunnelChannel implements Channel {

  /** Chooses the loopback address to dial for a member's public address. */
  @FunctionalInterface
  interface Dialer {
    InetSocketAddress dial(SocketChannel socketChannel, InetSocketAddress member)
        throws IOException;
  }

  private final Channel delegate;
  private final SocketChannel socketChannel;
  private final Dialer dialer;

  private TunnelChannel(Channel delegate, SocketChannel socketChannel, Dialer dialer) {
    this.delegate = delegate;
    this.socketChannel = socketChannel;
    this.dialer = dialer;
  }

  /** An outgoing channel that dials what {@code dialer} names. */
  static TunnelChannel outgoing(Channel delegate, SocketChannel socketChannel, Dialer dialer) {
    return new TunnelChannel(delegate, socketChannel, dialer);
  }

  /** An incoming channel that closes instead of starting. */
  static TunnelChannel refused(Channel delegate) {
    return new TunnelChannel(delegate, null, null);
  }

  @Override
  public void connect(InetSocketAddress address, int timeoutMillis) throws IOException {
    if (dialer == null) {
      throw new IOException("a refused channel connects nowhere");
    }
    delegate.connect(dialer.dial(socketChannel, address), timeoutMillis);
  }

  @Override
  public ChannelOptions options() {
    return delegate.options();
  }

  @Override
  @SuppressWarnings("rawtypes")
  public ConcurrentMap attributeMap() {
    return delegate.attributeMap();
  }

  @Override
  public InboundPipeline inboundPipeline() {
    return delegate.inboundPipeline();
  }

  @Override
  public OutboundPipeline outboundPipeline() {
    return delegate.outboundPipeline();
  }

  @Override
  public Socket socket() {
    return delegate.socket();
  }

  @Override
  public SocketAddress remoteSocketAddress() {
    return delegate.remoteSocketAddress();
  }

  @Override
  public SocketAddress localSocketAddress() {
    return delegate.localSocketAddress();
  }

  @Override
  public long lastReadTimeMillis() {
    return delegate.lastReadTimeMillis();
  }

  @Override
  public long lastWriteTimeMillis() {
    return delegate.lastWriteTimeMillis();
  }

  @Override
  public void start() {
    if (dialer == null && !delegate.isClientMode()) {
      // Through the connection Hazelcast made of it, so that Hazelcast forgets both.
      if (delegate.attributeMap().get(ServerConnection.class) instanceof Connection connection) {
        connection.close("not from the cluster tunnel", null);
      } else {
        closeQuietly();
      }
      return;
    }
    delegate.start();
  }

  private void closeQuietly() {
    try {
      delegate.close();
    } catch (IOException e) {
      // Closing is all a refused channel is for.
    }
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }

  @Override
  public boolean isClosed() {
    return delegate.isClosed();
  }

  @Override
  public void addCloseListener(ChannelCloseListener listener) {
    delegate.addCloseListener(listener);
  }

  @Override
  public boolean isClientMode() {
    return delegate.isClientMode();
  }

  @Override
  public boolean write(OutboundFrame frame) {
    return delegate.write(frame);
  }

  @Override
  public long bytesRead() {
    return delegate.bytesRead();
  }

  @Override
  public long bytesWritten() {
    return delegate.bytesWritten();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
