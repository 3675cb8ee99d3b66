package io.diztl.tracker.internal;

import io.diztl.proto.v1.NodeInfo;
import io.grpc.ManagedChannel;
import java.util.Optional;

/**
 * One node in the registry: what it told us, where its registration came from, when we last heard
 * from it, and the {@link Endpoint} (shared channel) of its address.
 */
public final class RegisteredNode {

  private final String source;
  private final Endpoint endpoint;
  private volatile NodeInfo info;
  private volatile long lastSeenNanos;
  private volatile boolean detached;

  RegisteredNode(NodeInfo info, String source, long lastSeenNanos, Endpoint endpoint) {
    this.info = info;
    this.source = source;
    this.lastSeenNanos = lastSeenNanos;
    this.endpoint = endpoint;
  }

  /** The node as recorded, with its host filled in. */
  public NodeInfo info() {
    return info;
  }

  /** The IP address the registration came from; empty when the transport did not know it. */
  String source() {
    return source;
  }

  Endpoint endpoint() {
    return endpoint;
  }

  long lastSeenNanos() {
    return lastSeenNanos;
  }

  void refresh(NodeInfo newInfo, long nowNanos) {
    this.info = newInfo;
    this.lastSeenNanos = nowNanos;
  }

  void touch(long nowNanos) {
    this.lastSeenNanos = nowNanos;
  }

  boolean sameAddress(NodeInfo other) {
    NodeInfo current = info;
    return current.getHost().equals(other.getHost()) && current.getPort() == other.getPort();
  }

  /**
   * The channel to the node's peer service, shared with the other nodes at its address and opened
   * on first use; empty once the node has left the registry.
   */
  public Optional<ManagedChannel> channel() {
    return detached ? Optional.empty() : endpoint.channel();
  }

  /** Whether the node has left the registry. */
  boolean detached() {
    return detached;
  }

  /** Marks the node gone; true the first time. */
  boolean detach() {
    boolean first = !detached;
    detached = true;
    return first;
  }
}
