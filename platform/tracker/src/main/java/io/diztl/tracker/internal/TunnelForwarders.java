package io.diztl.tracker.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The private ends of this tracker's cluster tunnel: for each other member the Hazelcast member
 * connects to, a listener on a loopback port that carries each connection over mutual TLS to that
 * member's public cluster port, once both ends have admitted each other. It accepts only the
 * connections the Hazelcast member announced in {@link LocalPorts}.
 */
final class TunnelForwarders implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TunnelForwarders.class);

  private final SSLContext tls;
  private final MemberCheck check;
  private final LocalPorts fromMember;
  private final Map<InetSocketAddress, ServerSocket> listeners = new ConcurrentHashMap<>();
  private volatile boolean closed;

  TunnelForwarders(SSLContext tls, MemberCheck check, LocalPorts fromMember) {
    this.tls = tls;
    this.check = check;
    this.fromMember = fromMember;
  }

  /** The loopback address that reaches the member listening publicly at {@code member}. */
  InetSocketAddress localFor(InetSocketAddress member) throws IOException {
    if (closed) {
      throw new IOException("the cluster tunnel is closed");
    }
    try {
      ServerSocket listener = listeners.computeIfAbsent(member, this::listen);
      return new InetSocketAddress(LocalPorts.LOOPBACK, listener.getLocalPort());
    } catch (IllegalStateException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private ServerSocket listen(InetSocketAddress member) {
    try {
      ServerSocket listener = new ServerSocket(0, 16, LocalPorts.LOOPBACK);
      Thread.ofPlatform()
          .daemon()
          .name("diztl-cluster-forward-" + member.getPort())
          .start(() -> acceptLoop(listener, member));
      return listener;
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot open a loopback port for cluster member " + member + ": " + e.getMessage(), e);
    }
  }

  private void acceptLoop(ServerSocket listener, InetSocketAddress member) {
    while (!listener.isClosed()) {
      try {
        Socket local = listener.accept();
        Thread.ofPlatform().daemon().name("diztl-cluster-dial").start(() -> forward(local, member));
      } catch (IOException e) {
        if (!listener.isClosed()) {
          LOG.warn("the cluster tunnel to {} cannot accept connections: {}", member, e.toString());
        }
      }
    }
  }

  private void forward(Socket local, InetSocketAddress member) {
    if (!fromMember.take(local.getPort())) {
      LOG.warn(
          "closed a connection to the cluster tunnel of {} from local port {}: not from this"
              + " tracker's cluster member",
          member,
          local.getPort());
      Pipe.close(local);
      return;
    }
    SSLSocket remote = null;
    try {
      local.setTcpNoDelay(true);
      remote = (SSLSocket) tls.getSocketFactory().createSocket();
      remote.connect(member, (int) MemberCheck.TIMEOUT.toMillis());
      remote.setTcpNoDelay(true);
      String peerId = check.admit(remote);
      LOG.debug("cluster tunnel to {} ({}) open", member, peerId);
      Pipe.join(local, remote, "diztl-cluster-out");
    } catch (ConnectException e) {
      LOG.debug("cluster member {} does not answer: {}", member, e.toString());
      closeBoth(local, remote);
    } catch (IOException e) {
      LOG.warn("cannot join cluster member {}: {}", member, ClusterTunnel.reason(e));
      closeBoth(local, remote);
    }
  }

  private static void closeBoth(Socket local, Socket remote) {
    Pipe.close(local);
    if (remote != null) {
      Pipe.close(remote);
    }
  }

  @Override
  public void close() {
    closed = true;
    listeners.values().forEach(TunnelForwarders::close);
    listeners.clear();
  }

  private static void close(ServerSocket listener) {
    try {
      listener.close();
    } catch (IOException e) {
      LOG.debug("closing a cluster tunnel listener: {}", e.toString());
    }
  }
}
