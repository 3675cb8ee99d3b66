package io.diztl.tracker.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** Copies bytes both ways between two sockets until either ends, then closes both. */
final class Pipe {

  private static final int BUFFER_BYTES = 64 * 1024;

  private Pipe() {}

  /** Joins {@code a} and {@code b} on two daemon threads named after {@code name}. */
  static void join(Socket a, Socket b, String name) {
    Thread.ofPlatform().daemon().name(name + "-out").start(() -> copy(a, b));
    Thread.ofPlatform().daemon().name(name + "-in").start(() -> copy(b, a));
  }

  private static void copy(Socket from, Socket to) {
    byte[] buffer = new byte[BUFFER_BYTES];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // The other direction, or a closed member, ended the connection: close both below.
    } finally {
      close(from);
      close(to);
    }
  }

  static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing is all that is left to do.
    }
  }
}
