package io.diztl.proto;

import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.ServerTransportFilter;
import io.grpc.Status;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the connections a server keeps open from one IP address: a connection beyond the cap is
 * closed as soon as it is set up, so that one host cannot use up the server's file descriptors
 * while every other host is still served. Thread-safe.
 */
final class ConnectionCap extends ServerTransportFilter {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionCap.class);

  /** Log the first refused connection, then one in this many. */
  private static final long LOG_EVERY = 1_000;

  private static final Attributes.Key<InetAddress> COUNTED =
      Attributes.Key.create("diztl-counted-address");

  private final int perAddress;
  private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();
  private final AtomicLong refused = new AtomicLong();

  /** A cap of {@code perAddress} connections (at least 1) from each address. */
  ConnectionCap(int perAddress) {
    if (perAddress < 1) {
      throw new IllegalArgumentException("the cap must be at least 1, found " + perAddress);
    }
    this.perAddress = perAddress;
  }

  @Override
  public Attributes transportReady(Attributes attributes) {
    SocketAddress remote = attributes.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    if (!(remote instanceof InetSocketAddress socket) || socket.getAddress() == null) {
      return attributes; // in-process: nothing to count
    }
    InetAddress address = socket.getAddress();
    boolean[] admitted = new boolean[1];
    open.compute(
        address,
        (key, count) -> {
          int current = count == null ? 0 : count;
          if (current >= perAddress) {
            return count;
          }
          admitted[0] = true;
          return current + 1;
        });
    if (!admitted[0]) {
      long total = refused.incrementAndGet();
      if (total % LOG_EVERY == 1) {
        LOG.warn(
            "Closed a connection from {}: it has {} open, the most one address may ({} refused"
                + " so far)",
            address.getHostAddress(),
            perAddress,
            total);
      }
      throw Status.RESOURCE_EXHAUSTED
          .withDescription(
              "expected at most "
                  + perAddress
                  + " connections from "
                  + address.getHostAddress()
                  + ", found one more")
          .asRuntimeException();
    }
    return attributes.toBuilder().set(COUNTED, address).build();
  }

  @Override
  public void transportTerminated(Attributes attributes) {
    // Null for a connection that was refused or never got ready.
    InetAddress address = attributes == null ? null : attributes.get(COUNTED);
    if (address != null) {
      open.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
    }
  }
}
