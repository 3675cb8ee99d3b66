package io.diztl.tracker.internal;

import com.hazelcast.internal.networking.Channel;
import com.hazelcast.internal.networking.ChannelInitializer;
import com.hazelcast.internal.networking.Networking;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hazelcast's networking with the cluster tunnel in between: each connection the member opens to
 * another member's public address goes to the loopback forwarder of that member instead, and each
 * connection the member accepts is closed before it reads a byte unless the tunnel server opened
 * it.
 */
final class TunnelNetworking implements Networking {

  private static final Logger LOG = LoggerFactory.getLogger(TunnelNetworking.class);

  private final Networking delegate;
  private final TunnelForwarders forwarders;
  private final LocalPorts fromMember;
  private final LocalPorts fromTunnel;

  /**
   * Wraps {@code delegate}.
   *
   * @param fromMember where the member's outgoing connections announce their source ports
   * @param fromTunnel the source ports of the connections the tunnel server opens to the member
   */
  TunnelNetworking(
      Networking delegate,
      TunnelForwarders forwarders,
      LocalPorts fromMember,
      LocalPorts fromTunnel) {
    this.delegate = delegate;
    this.forwarders = forwarders;
    this.fromMember = fromMember;
    this.fromTunnel = fromTunnel;
  }

  @Override
  public Channel register(
      ChannelInitializer initializer, SocketChannel socketChannel, boolean clientMode)
      throws IOException {
    Channel channel = delegate.register(initializer, socketChannel, clientMode);
    if (clientMode) {
      return TunnelChannel.outgoing(channel, socketChannel, this::dial);
    }
    SocketAddress remote = socketChannel.getRemoteAddress();
    if (!(remote instanceof InetSocketAddress from) || !fromTunnel.take(from.getPort())) {
      LOG.warn(
          "closed a connection to this tracker's cluster member from {}: it did not come through"
              + " the cluster tunnel",
          remote);
      return TunnelChannel.refused(channel);
    }
    return channel;
  }

  /** Binds {@code socketChannel} to a noted loopback port and names the forwarder to dial. */
  private InetSocketAddress dial(SocketChannel socketChannel, InetSocketAddress member)
      throws IOException {
    InetSocketAddress via = forwarders.localFor(member);
    socketChannel.bind(new InetSocketAddress(LocalPorts.LOOPBACK, 0));
    fromMember.expect(((InetSocketAddress) socketChannel.getLocalAddress()).getPort());
    return via;
  }

  @Override
  public void restart() {
    delegate.restart();
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }
}
