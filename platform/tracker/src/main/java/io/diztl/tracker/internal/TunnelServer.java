package io.diztl.tracker.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public end of this tracker's cluster tunnel: listens on the cluster port with mutual TLS,
 * admits the members its {@link MemberCheck} accepts and forwards each admitted connection to the
 * Hazelcast member, which listens only on a loopback port. A refused peer gets a log line here and
 * never a byte of the cluster's.
 */
final class TunnelServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TunnelServer.class);

  private final SSLServerSocket listener;
  private final MemberCheck check;
  private final InetSocketAddress member;
  private final LocalPorts toMember;

  private TunnelServer(
      SSLServerSocket listener, MemberCheck check, InetSocketAddress member, LocalPorts toMember) {
    this.listener = listener;
    this.check = check;
    this.member = member;
    this.toMember = toMember;
  }

  /**
   * Listens on {@code bindHost:port} and forwards to the Hazelcast member at {@code member}, from
   * source ports noted in {@code toMember}.
   *
   * @throws UncheckedIOException when it cannot listen there
   */
  static TunnelServer start(
      SSLContext tls,
      MemberCheck check,
      String bindHost,
      int port,
      InetSocketAddress member,
      LocalPorts toMember) {
    try {
      SSLServerSocket listener =
          (SSLServerSocket) tls.getServerSocketFactory().createServerSocket();
      listener.setReuseAddress(true);
      listener.setNeedClientAuth(true);
      listener.bind(new InetSocketAddress(bindHost, port), 64);
      TunnelServer server = new TunnelServer(listener, check, member, toMember);
      Thread.ofPlatform().daemon().name("diztl-cluster-tunnel-" + port).start(server::acceptLoop);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen for cluster members on " + bindHost + ":" + port + ": " + e.getMessage(),
          e);
    }
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket peer = listener.accept();
        Thread.ofPlatform()
            .daemon()
            .name("diztl-cluster-admit")
            .start(() -> admit((SSLSocket) peer));
      } catch (IOException e) {
        if (!listener.isClosed()) {
          LOG.warn("the cluster tunnel cannot accept connections: {}", e.toString());
        }
      }
    }
  }

  private void admit(SSLSocket peer) {
    SocketAddress from = peer.getRemoteSocketAddress();
    String peerId;
    try {
      peerId = check.admit(peer);
    } catch (IOException e) {
      LOG.warn("refused cluster member at {}: {}", from, ClusterTunnel.reason(e));
      Pipe.close(peer);
      return;
    }
    try {
      Socket local = toMember.connect(member);
      LOG.debug("cluster member {} at {} admitted", peerId, from);
      Pipe.join(peer, local, "diztl-cluster-in");
    } catch (IOException e) {
      LOG.debug("cluster member {}: this tracker's member is not listening yet: {}", from, e);
      Pipe.close(peer);
    }
  }

  /** The port it listens on. */
  int port() {
    return listener.getLocalPort();
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      LOG.debug("closing the cluster tunnel: {}", e.toString());
    }
  }
}
