package io.diztl.tracker.internal;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.tracker.TrackerLimits;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live nodes, keyed by node id. A node stays while it sends heartbeats; one silent for longer
 * than the time-to-live is dropped by {@link #expire()} or on its next contact. The registry holds
 * at most {@link TrackerLimits#maxNodes()} nodes, at most {@link
 * TrackerLimits#maxNodesPerAddress()} of them registered from one IP address. Before a node joins
 * or moves, a reachability check (with TLS: that its address answers with its identity) must pass.
 */
public final class PeerRegistry implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PeerRegistry.class);
  private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);
  private static final int LOG_LINES_PER_SECOND = 20;

  private final Map<String, RegisteredNode> nodes = new ConcurrentHashMap<>();
  private final Map<String, Integer> perSource = new ConcurrentHashMap<>();
  private final Object registering = new Object();
  private final long ttlNanos;
  private final LongSupplier nanoClock;
  private final TrackerLimits limits;
  private final Endpoints endpoints;
  private final LogGate changes;
  private final Consumer<NodeInfo> reachability;

  /**
   * Creates an empty registry with the default {@link TrackerLimits}.
   *
   * @param ttl how long a node may stay silent
   * @param nanoClock monotonic time in nanoseconds, such as {@code System::nanoTime}
   * @param channelFactory opens a channel to a node's peer service, when first needed
   */
  public PeerRegistry(
      Duration ttl, LongSupplier nanoClock, Function<NodeInfo, ManagedChannel> channelFactory) {
    this(ttl, nanoClock, channelFactory, TrackerLimits.DEFAULTS, node -> {});
  }

  /**
   * Creates an empty registry.
   *
   * @param ttl how long a node may stay silent
   * @param nanoClock monotonic time in nanoseconds, such as {@code System::nanoTime}
   * @param channelFactory opens a channel to a node's peer service, when first needed; called once
   *     per host and port in use
   * @param limits how many nodes it holds, in all and per source address
   * @param reachability checks a node as it would be recorded before it joins or moves, and throws
   *     a {@link DiztlException} to refuse it; it is not called for a refresh
   */
  public PeerRegistry(
      Duration ttl,
      LongSupplier nanoClock,
      Function<NodeInfo, ManagedChannel> channelFactory,
      TrackerLimits limits,
      Consumer<NodeInfo> reachability) {
    this.ttlNanos = Objects.requireNonNull(ttl, "ttl").toNanos();
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.endpoints = new Endpoints(Objects.requireNonNull(channelFactory, "channelFactory"));
    this.limits = Objects.requireNonNull(limits, "limits");
    this.changes = new LogGate(LOG_LINES_PER_SECOND, nanoClock);
    this.reachability = Objects.requireNonNull(reachability, "reachability");
  }

  /**
   * Adds or refreshes a node. A node that registers again from a new address replaces its old
   * entry.
   *
   * @param node the node as it described itself; an empty host means {@code observedHost}
   * @param observedHost the address the registration came from, or null when unknown
   * @return the node as recorded (host filled in, name stripped)
   * @throws InvalidRequestException when the node is malformed or its host cannot be known
   * @throws DiztlException of kind {@link ErrorKind#RESOURCE_EXHAUSTED} when the registry is full,
   *     or {@code observedHost} registered as many nodes as one address may; whatever the
   *     reachability check throws
   */
  public NodeInfo register(NodeInfo node, String observedHost) {
    Objects.requireNonNull(node, "node");
    NodeInfo checked = RequestValidator.checkNode(node);
    String source = observedHost == null ? "" : observedHost;
    if (checked.getHost().isEmpty()) {
      if (source.isEmpty()) {
        throw new InvalidRequestException(
            "host is empty and the caller's address is unknown: give the host explicitly");
      }
      checked = checked.toBuilder().setHost(source).build();
    }
    NodeInfo info = checked;
    if (!refreshes(nodes.get(info.getNodeId()), info, source, nanoClock.getAsLong())) {
      // Outside the lock: the check waits for the node's answer.
      reachability.accept(info);
    }
    long now = nanoClock.getAsLong();
    RegisteredNode before;
    RegisteredNode current;
    synchronized (registering) {
      RegisteredNode old = nodes.get(info.getNodeId());
      if (!refreshes(old, info, source, now)) {
        checkRoom(old, source);
      }
      RegisteredNode[] previous = {null};
      current =
          nodes.compute(
              info.getNodeId(),
              (id, existing) -> {
                previous[0] = existing;
                if (refreshes(existing, info, source, now)) {
                  existing.refresh(info, now);
                  return existing;
                }
                return new RegisteredNode(info, source, now, endpoints.use(info));
              });
      before = previous[0];
      if (before != current) {
        perSource.merge(source, 1, Integer::sum);
      }
    }
    if (before == current) {
      LOG.debug("node {} refreshed its registration", info.getNodeId());
    } else if (before == null) {
      changes.info(
          LOG,
          "node {} joined from {}: {}:{} ({})",
          info.getNodeId(),
          LogText.of(source),
          LogText.of(info.getHost()),
          info.getPort(),
          LogText.of(info.getName()));
    } else {
      changes.info(
          LOG,
          "node {} registered again: {}:{} replaces {}:{}",
          info.getNodeId(),
          LogText.of(info.getHost()),
          info.getPort(),
          LogText.of(before.info().getHost()),
          before.info().getPort());
      forget(before);
    }
    return info;
  }

  private boolean refreshes(RegisteredNode old, NodeInfo info, String source, long now) {
    return old != null
        && !expired(old, now)
        && old.sameAddress(info)
        && old.source().equals(source);
  }

  /** Refuses a new entry (or a replacement from another source) the limits leave no room for. */
  private void checkRoom(RegisteredNode replaced, String source) {
    if (replaced == null && nodes.size() >= limits.maxNodes()) {
      throw new DiztlException(
          ErrorKind.RESOURCE_EXHAUSTED,
          "the tracker holds its maximum of " + limits.maxNodes() + " nodes; try again later");
    }
    boolean sameSource = replaced != null && replaced.source().equals(source);
    if (!sameSource && perSource.getOrDefault(source, 0) >= limits.maxNodesPerAddress()) {
      throw new DiztlException(
          ErrorKind.RESOURCE_EXHAUSTED,
          "address "
              + LogText.of(source.isEmpty() ? "(unknown)" : source)
              + " already registered "
              + limits.maxNodesPerAddress()
              + " nodes, the most one address may; unregister some first");
    }
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

  /** The node of {@code nodeId} as recorded, while it is live. */
  public Optional<NodeInfo> find(String nodeId) {
    RegisteredNode node = nodes.get(nodeId);
    return node == null || expired(node, nanoClock.getAsLong())
        ? Optional.empty()
        : Optional.of(node.info());
  }

  /** The node of {@code nodeId} with its channel, while it is live here. */
  Optional<RegisteredNode> liveNode(String nodeId) {
    RegisteredNode node = nodes.get(nodeId);
    return node == null || expired(node, nanoClock.getAsLong())
        ? Optional.empty()
        : Optional.of(node);
  }

  /**
   * Drops a node that registered with another tracker of the cluster; false when it was not here.
   */
  public boolean moved(String nodeId) {
    Objects.requireNonNull(nodeId, "nodeId");
    RegisteredNode gone = nodes.remove(nodeId);
    if (gone == null) {
      return false;
    }
    leave(gone, "registered with another tracker");
    return true;
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

  /**
   * Up to {@code size} live nodes whose ids follow {@code afterId} (empty: from the first), in the
   * order of their ids.
   */
  public List<RegisteredNode> page(String afterId, int size) {
    long now = nanoClock.getAsLong();
    return nodes.values().stream()
        .filter(node -> node.info().getNodeId().compareTo(afterId) > 0 && !expired(node, now))
        .sorted(Comparator.comparing(node -> node.info().getNodeId()))
        .limit(size)
        .toList();
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
    for (String nodeId : List.copyOf(nodes.keySet())) {
      RegisteredNode gone = nodes.remove(nodeId);
      if (gone != null) {
        gone.detach();
      }
    }
    perSource.clear();
    List<ManagedChannel> channels = endpoints.closeAll();
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

  private void leave(RegisteredNode node, String why) {
    NodeInfo info = node.info();
    changes.info(
        LOG,
        "node {} left ({}): {}:{}",
        info.getNodeId(),
        why,
        LogText.of(info.getHost()),
        info.getPort());
    forget(node);
  }

  /** Uncounts a node removed from the map and releases its endpoint, closing an unused channel. */
  private void forget(RegisteredNode node) {
    if (!node.detach()) {
      return;
    }
    perSource.computeIfPresent(node.source(), (source, count) -> count > 1 ? count - 1 : null);
    endpoints.release(node.endpoint()).ifPresent(Transport::close);
  }
}
