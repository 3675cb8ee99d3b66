package io.diztl.tracker.internal;

import io.diztl.proto.Transport;
import io.diztl.proto.v1.NodeInfo;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live nodes, keyed by node id. A node stays while it sends heartbeats; one silent for longer
 * than the time-to-live is dropped by {@link #expire()} or on its next contact.
 */
public final class PeerRegistry implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PeerRegistry.class);
  private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final Map<String, RegisteredNode> nodes = new ConcurrentHashMap<>();
  private final long ttlNanos;
  private final LongSupplier nanoClock;
  private final Function<NodeInfo, ManagedChannel> channelFactory;

  /**
   * Creates an empty registry.
   *
   * @param ttl how long a node may stay silent
   * @param nanoClock monotonic time in nanoseconds, such as {@code System::nanoTime}
   * @param channelFactory opens a channel to a node's peer service, when first needed
   */
  public PeerRegistry(
      Duration ttl, LongSupplier nanoClock, Function<NodeInfo, ManagedChannel> channelFactory) {
    this.ttlNanos = Objects.requireNonNull(ttl, "ttl").toNanos();
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.channelFactory = Objects.requireNonNull(channelFactory, "channelFactory");
  }

  /**
   * Adds or refreshes a node. A node that registers again from a new address replaces its old
   * entry, whose channel is closed.
   *
   * @param node the node as it described itself; an empty host means {@code observedHost}
   * @param observedHost the address the registration came from, or null when unknown
   * @return the node as recorded
   * @throws InvalidRequestException when the node is malformed or its host cannot be known
   */
  public NodeInfo register(NodeInfo node, String observedHost) {
    Objects.requireNonNull(node, "node");
    RequestValidator.checkNode(node);
    NodeInfo recorded = node;
    if (node.getHost().isEmpty()) {
      if (observedHost == null || observedHost.isEmpty()) {
        throw new InvalidRequestException(
            "host is empty and the caller's address is unknown: give the host explicitly");
      }
      recorded = node.toBuilder().setHost(observedHost).build();
    }
    NodeInfo info = recorded;
    long now = nanoClock.getAsLong();
    RegisteredNode[] previous = {null};
    RegisteredNode current =
        nodes.compute(
            info.getNodeId(),
            (id, old) -> {
              previous[0] = old;
              if (old != null && !expired(old, now) && old.sameAddress(info)) {
                old.refresh(info, now);
                return old;
              }
              return new RegisteredNode(info, now, channelFactory);
            });
    RegisteredNode before = previous[0];
    if (before == current) {
      LOG.debug("node {} refreshed its registration", info.getNodeId());
    } else if (before == null) {
      LOG.info(
          "node {} joined: {}:{} ({})",
          info.getNodeId(),
          info.getHost(),
          info.getPort(),
          info.getName());
    } else {
      LOG.info(
          "node {} registered again: {}:{} replaces {}:{}",
          info.getNodeId(),
          info.getHost(),
          info.getPort(),
          before.info().getHost(),
          before.info().getPort());
      closeChannel(before);
    }
    return info;
  }

  /** Records a sign of life; false when the node is unknown or has expired (it must register). */
  public boolean heartbeat(String nodeId) {
    Objects.requireNonNull(nodeId, "nodeId");
    long now = nanoClock.getAsLong();
    List<RegisteredNode> dropped = new ArrayList<>(1);
    RegisteredNode node =
        nodes.computeIfPresent(
            nodeId,
            (id, current) -> {
              if (expired(current, now)) {
                dropped.add(current);
                return null;
              }
              current.touch(now);
              return current;
            });
    dropped.forEach(gone -> leave(gone, "expired"));
    return node != null;
  }

  /** Removes a node at once; false when it was not registered. */
  public boolean unregister(String nodeId) {
    Objects.requireNonNull(nodeId, "nodeId");
    RegisteredNode gone = nodes.remove(nodeId);
    if (gone == null) {
      return false;
    }
    leave(gone, "unregistered");
    return true;
  }

  /** The nodes heard from within the time-to-live, in no particular order. */
  public List<RegisteredNode> live() {
    long now = nanoClock.getAsLong();
    return nodes.values().stream().filter(node -> !expired(node, now)).toList();
  }

  /** Drops every node silent for longer than the time-to-live and returns how many it dropped. */
  public int expire() {
    long now = nanoClock.getAsLong();
    List<RegisteredNode> dropped = new ArrayList<>();
    for (String nodeId : List.copyOf(nodes.keySet())) {
      nodes.computeIfPresent(
          nodeId,
          (id, current) -> {
            if (expired(current, now)) {
              dropped.add(current);
              return null;
            }
            return current;
          });
    }
    dropped.forEach(gone -> leave(gone, "expired"));
    return dropped.size();
  }

  /** Forgets every node and closes their channels, waiting a bounded time. */
  @Override
  public void close() {
    List<ManagedChannel> channels = new ArrayList<>();
    for (String nodeId : List.copyOf(nodes.keySet())) {
      RegisteredNode gone = nodes.remove(nodeId);
      if (gone != null) {
        gone.detach().ifPresent(channels::add);
      }
    }
    channels.forEach(ManagedChannel::shutdown);
    long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
    try {
      for (ManagedChannel channel : channels) {
        long left = Math.max(0, deadline - System.nanoTime());
        if (!channel.awaitTermination(left, TimeUnit.NANOSECONDS)) {
          channel.shutdownNow();
        }
      }
    } catch (InterruptedException e) {
      channels.forEach(ManagedChannel::shutdownNow);
      Thread.currentThread().interrupt();
    }
  }

  private boolean expired(RegisteredNode node, long now) {
    return now - node.lastSeenNanos() > ttlNanos;
  }

  private static void leave(RegisteredNode node, String why) {
    NodeInfo info = node.info();
    LOG.info("node {} left ({}): {}:{}", info.getNodeId(), why, info.getHost(), info.getPort());
    closeChannel(node);
  }

  private static void closeChannel(RegisteredNode node) {
    node.detach().ifPresent(Transport::close);
  }
}
