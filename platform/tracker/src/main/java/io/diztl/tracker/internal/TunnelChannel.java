package io.diztl.tracker.internal;

import com.hazelcast.internal.networking.Channel;
import com.hazelcast.internal.networking.ChannelCloseListener;
import com.hazelcast.internal.networking.ChannelOptions;
import com.hazelcast.internal.networking.InboundPipeline;
import com.hazelcast.internal.networking.OutboundFrame;
import com.hazelcast.internal.networking.OutboundPipeline;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentMap;

/**
 * A Hazelcast channel that connects through the cluster tunnel: {@link #connect} dials the loopback
 * forwarder of the member instead of its public address; everything else is the wrapped channel's.
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

  TunnelChannel(Channel delegate, SocketChannel socketChannel, Dialer dialer) {
    this.delegate = delegate;
    this.socketChannel = socketChannel;
    this.dialer = dialer;
  }

  @Override
  public void connect(InetSocketAddress address, int timeoutMillis) throws IOException {
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
    delegate.start();
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
