package io.diztl.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for tests that must name a port before what listens on it starts. They come
 * from below the kernel's ephemeral range (Linux: 32768 and up), so that no socket bound to port 0
 * and no outgoing connection made in the meantime (a cluster member calling another, say) takes
 * one first; none is handed out twice in one JVM.
 */
public final class Ports {

  private static final int LOWEST = 20_000;
  private static final int ABOVE_HIGHEST = 32_000;
  private static final int TRIES = 200;
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private Ports() {}

  /** A port that was free on 127.0.0.1 a moment ago. */
  public static int free() {
    for (int i = 0; i < TRIES; i++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST, ABOVE_HIGHEST);
      if (HANDED_OUT.add(port)) {
        if (bindable(port)) {
          return port;
        }
        HANDED_OUT.remove(port);
      }
    }
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
