package io.diztl.tracker.internal;

import io.diztl.proto.v1.NodeInfo;
import io.grpc.ManagedChannel;
import java.util.Optional;
import java.util.function.Function;

/** One node in the registry: what it told us, when we last heard from it, and a channel to it. */
public final class RegisteredNode {

  private final Function<NodeInfo, ManagedChannel> channelFactory;
  private volatile NodeInfo info;
  private volatile long lastSeenNanos;
  private ManagedChannel channel;
  private boolean closed;

  RegisteredNode(
      NodeInfo info, long lastSeenNanos, Function<NodeInfo, ManagedChannel> channelFactory) {
    this.info = info;
    this.lastSeenNanos = lastSeenNanos;
    this.channelFactory = channelFactory;
  }

  /** The node as recorded, with its host filled in. */
  public NodeInfo info() {
    return info;
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
   * The channel to the node's peer service, opened on first use; empty once the node has left the
   * registry.
   */
  public synchronized Optional<ManagedChannel> channel() {
    if (closed) {
      return Optional.empty();
    }
    if (channel == null) {
      channel = channelFactory.apply(info);
    }
    return Optional.of(channel);
  }

  /** Marks the node gone and hands back its channel, if one was opened, for the caller to close. */
  synchronized Optional<ManagedChannel> detach() {
    closed = true;
    ManagedChannel open = channel;
    channel = null;
    return Optional.ofNullable(open);
  }
}
