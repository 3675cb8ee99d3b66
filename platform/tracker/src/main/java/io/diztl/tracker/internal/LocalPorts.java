package io.diztl.tracker.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The loopback source ports of the connections one side of the cluster tunnel opened itself, so
 * that the other side accepts only those: another local process that connects to a loopback port of
 * the tunnel or of the Hazelcast member is turned away. Each port is accepted once.
 */
final class LocalPorts {

  /** The loopback address the tunnel's inner hops use. */
  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private final Set<Integer> expected = ConcurrentHashMap.newKeySet();

  /** Notes {@code port} as the source port of a connection about to be opened. */
  void expect(int port) {
    expected.add(port);
  }

  /** Whether a connection from {@code port} was expected; it is not expected any more. */
  boolean take(int port) {
    return expected.remove(port);
  }

  /** Connects a new socket to {@code target} from a loopback port noted here first. */
  Socket connect(InetSocketAddress target) throws IOException {
    Socket socket = new Socket();
    try {
      socket.bind(new InetSocketAddress(LOOPBACK, 0));
      expect(socket.getLocalPort());
      socket.connect(target, (int) MemberCheck.TIMEOUT.toMillis());
      socket.setTcpNoDelay(true);
      return socket;
    } catch (IOException e) {
      take(socket.getLocalPort());
      socket.close();
      throw e;
    }
  }
}
