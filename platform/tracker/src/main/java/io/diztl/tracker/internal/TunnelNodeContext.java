package io.diztl.tracker.internal;

import com.hazelcast.instance.impl.DefaultNodeContext;
import com.hazelcast.instance.impl.Node;
import com.hazelcast.internal.server.Server;
import com.hazelcast.internal.server.tcp.LocalAddressRegistry;
import com.hazelcast.internal.server.tcp.ServerSocketRegistry;
import com.hazelcast.internal.server.tcp.TcpServer;

/**
 * Hazelcast's own node context, but with its member-to-member networking wrapped in {@link
 * TunnelNetworking}. This is the one place the tracker reaches into Hazelcast's internal API (the
 * node context is how Hazelcast's editions plug in their networking); an upgrade of Hazelcast that
 * changes it fails to compile here or fails the cluster tests.
 */
final class TunnelNodeContext extends DefaultNodeContext {

  private final TunnelForwarders forwarders;
  private final LocalPorts fromMember;
  private final LocalPorts fromTunnel;

  TunnelNodeContext(TunnelForwarders forwarders, LocalPorts fromMember, LocalPorts fromTunnel) {
    this.forwarders = forwarders;
    this.fromMember = fromMember;
    this.fromTunnel = fromTunnel;
  }

  @Override
  public Server createServer(
      Node node, ServerSocketRegistry registry, LocalAddressRegistry addressRegistry) {
    // Hazelcast's server, only to take its networking and context: it is never started.
    TcpServer plain = (TcpServer) super.createServer(node, registry, addressRegistry);
    return new TcpServer(
        node.getConfig(),
        plain.getContext(),
        registry,
        addressRegistry,
        node.getNodeEngine().getMetricsRegistry(),
        new TunnelNetworking(plain.getNetworking(), forwarders, fromMember, fromTunnel),
        node.getNodeExtension().createChannelInitializerFn(plain.getContext()));
  }
}
