package io.diztl.tracker.internal;

import com.hazelcast.instance.impl.NodeContext;
import io.diztl.api.DiztlException;
import io.diztl.proto.NetworkKey;
import io.diztl.proto.Transport;
import io.diztl.tracker.ClusterConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.cert.CertificateException;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

/**
 * The protection of a tracker's cluster traffic, since Hazelcast Community has neither TLS nor
 * member authentication: the Hazelcast member listens only on a loopback port, a {@link
 * TunnelServer} on the public cluster port admits members over mutual TLS (pinned identities, the
 * network key, or both) and forwards them to it, and {@link TunnelForwarders} carry the member's
 * own connections to the others the same way.
 */
final class ClusterTunnel implements AutoCloseable {

  private final int memberPort;
  private final TunnelServer server;
  private final TunnelForwarders forwarders;
  private final LocalPorts fromMember;
  private final LocalPorts fromTunnel;

  private ClusterTunnel(
      int memberPort,
      TunnelServer server,
      TunnelForwarders forwarders,
      LocalPorts fromMember,
      LocalPorts fromTunnel) {
    this.memberPort = memberPort;
    this.server = server;
    this.forwarders = forwarders;
    this.fromMember = fromMember;
    this.fromTunnel = fromTunnel;
  }

  /**
   * Opens the tunnel of {@code cluster} on {@code bindHost} with the identity of {@code transport}.
   *
   * @throws DiztlException when the cluster would admit anyone (no pinned identity and no key) or
   *     the cluster port is taken
   */
  static ClusterTunnel open(
      ClusterConfig cluster, String bindHost, Transport transport, Optional<NetworkKey> key) {
    if (cluster.trustedIds().isEmpty() && key.isEmpty()) {
      throw new DiztlException(
          "a tracker cluster over TLS admits only members it can check: list each member as"
              + " HOST:PORT#FINGERPRINT in --cluster, or give the trackers the network's"
              + " --network-key-file");
    }
    MemberCheck check = new MemberCheck(cluster.trustedIds(), key, transport.id().orElseThrow());
    SSLContext tls = transport.sslContext(check.pin()).orElseThrow();
    LocalPorts fromMember = new LocalPorts();
    LocalPorts fromTunnel = new LocalPorts();
    int memberPort = freeLoopbackPort();
    try {
      TunnelServer server =
          TunnelServer.start(
              tls,
              check,
              bindHost,
              cluster.port(),
              new InetSocketAddress(LocalPorts.LOOPBACK, memberPort),
              fromTunnel);
      return new ClusterTunnel(
          memberPort, server, new TunnelForwarders(tls, check, fromMember), fromMember, fromTunnel);
    } catch (UncheckedIOException e) {
      throw new DiztlException("tracker " + e.getMessage(), e);
    }
  }

  private static int freeLoopbackPort() {
    try (ServerSocket probe = new ServerSocket(0, 1, LocalPorts.LOOPBACK)) {
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new DiztlException("no free loopback port for the cluster member: " + e, e);
    }
  }

  /** The loopback port the Hazelcast member listens on. */
  int memberPort() {
    return memberPort;
  }

  /** The node context that routes the Hazelcast member's connections through this tunnel. */
  NodeContext nodeContext() {
    return new TunnelNodeContext(forwarders, fromMember, fromTunnel);
  }

  /** Why a tunnel connection failed, in a few words: the innermost certificate problem first. */
  static String reason(IOException failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof CertificateException) {
        return "TLS refused: " + cause.getMessage();
      }
    }
    String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
    if (failure instanceof SSLHandshakeException && message.contains("Received fatal alert")) {
      return "it refused this tracker in the TLS handshake ("
          + message
          + "): does its --cluster list pin this tracker's identity?";
    }
    return message;
  }

  @Override
  public void close() {
    server.close();
    forwarders.close();
  }
}
