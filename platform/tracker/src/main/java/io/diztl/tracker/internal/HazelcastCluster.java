package io.diztl.tracker.internal;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceFactory;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.topic.ITopic;
import io.diztl.api.DiztlException;
import io.diztl.proto.NetworkKey;
import io.diztl.proto.Transport;
import io.diztl.tracker.ClusterConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This tracker's member of the trackers' Hazelcast cluster: an embedded Community Edition member
 * that joins only the members listed in its {@link ClusterConfig} over TCP, listens only where the
 * tracker listens, and never uses multicast, cloud auto-detection or phone-home. Each member
 * publishes the gRPC port and identity of its tracker in a small map, so that trackers can reach
 * each other over their own mutual TLS.
 */
public final class HazelcastCluster implements AutoCloseable {

  /** The replicated map of live nodes: node id to a serialized {@code ClusterNode}. */
  static final String NODES_MAP = "diztl-nodes";

  /** The topic on which a tracker that took a node over tells the node's previous tracker. */
  static final String MOVES_TOPIC = "diztl-moves";

  /** The map of the live nodes' share summaries. */
  static final String SUMMARIES_MAP = "diztl-summaries";

  /**
   * The map of each member's tracker: member id to {@code GRPC_PORT#IDENTITY} (identity empty in
   * plain text).
   */
  static final String TRACKERS_MAP = "diztl-trackers";

  private static final Logger LOG = LoggerFactory.getLogger(HazelcastCluster.class);

  private final HazelcastInstance instance;
  private final Optional<ClusterTunnel> tunnel;
  private final Set<String> trustedIds;
  private final IMap<String, String> trackers;
  private final Map<String, String> trackersSeen = new ConcurrentHashMap<>();
  private final Set<String> warnedMembers = ConcurrentHashMap.newKeySet();

  private HazelcastCluster(
      HazelcastInstance instance, Optional<ClusterTunnel> tunnel, Set<String> trustedIds) {
    this.instance = instance;
    this.tunnel = tunnel;
    this.trustedIds = trustedIds;
    this.trackers = instance.getMap(TRACKERS_MAP);
    trackers.addEntryListener(new TrackerListener(trackersSeen), true);
    trackersSeen.putAll(trackers);
  }

  /**
   * Starts this tracker's member and waits until it has joined the listed members that answer (or,
   * when none does, formed a cluster of its own, which they join as they start). Over TLS ({@code
   * transport} has an identity) the member listens only on loopback behind a {@link ClusterTunnel}
   * on the cluster port of {@code bindHost}, which admits only the pinned identities and the
   * holders of {@code key}; in plain text it listens on the cluster port of {@code bindHost} itself
   * (all interfaces for {@code 0.0.0.0}) and admits any member of the cluster's name.
   *
   * @throws DiztlException when the member cannot start, such as when its port is taken
   */
  public static HazelcastCluster start(
      ClusterConfig cluster, String bindHost, Transport transport, Optional<NetworkKey> key) {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(key, "key");
    Optional<ClusterTunnel> tunnel =
        transport.id().isPresent()
            ? Optional.of(ClusterTunnel.open(cluster, bindHost, transport, key))
            : Optional.empty();
    try {
      Config config =
          tunnel.isPresent()
              ? MemberAddresses.behindTunnel(
                  base(cluster), cluster, bindHost, tunnel.get().memberPort())
              : MemberAddresses.direct(base(cluster), cluster, bindHost);
      HazelcastInstance instance =
          tunnel.isPresent()
              ? HazelcastInstanceFactory.newHazelcastInstance(
                  config, config.getInstanceName(), tunnel.get().nodeContext())
              : Hazelcast.newHazelcastInstance(config);
      LOG.info(
          "tracker joined cluster '{}' on port {}{}: {} members",
          cluster.name(),
          cluster.port(),
          tunnel.isPresent() ? " (mutual TLS tunnel)" : " (plain text)",
          instance.getCluster().getMembers().size());
      return new HazelcastCluster(instance, tunnel, cluster.trustedIds());
    } catch (RuntimeException e) {
      tunnel.ifPresent(ClusterTunnel::close);
      throw new DiztlException(
          "tracker cluster member could not start on port " + cluster.port() + ": " + e, e);
    }
  }

  private static Config base(ClusterConfig cluster) {
    Config config = new Config();
    config.setClusterName(cluster.name());
    config.setInstanceName("diztl-tracker-" + cluster.port() + "-" + System.nanoTime());
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "1");
    config.setProperty("hazelcast.graceful.shutdown.max.wait", "10");
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(new ArrayList<>(cluster.members()));
    config.getMapConfig(NODES_MAP).setBackupCount(1).setAsyncBackupCount(0);
    config.getMapConfig(SUMMARIES_MAP).setBackupCount(1).setAsyncBackupCount(0);
    return config;
  }

  /**
   * Tells the other members where this member's tracker listens for {@code TrackerPeer} calls.
   *
   * @param trackerPort the port of this tracker's gRPC service
   * @param trackerId this tracker's identity; empty in plain text
   */
  public void publishTracker(int trackerPort, Optional<String> trackerId) {
    trackers.set(localMemberId(), trackerPort + "#" + trackerId.orElse(""));
  }

  /** This member's id in the cluster. */
  String localMemberId() {
    return instance.getCluster().getLocalMember().getUuid().toString();
  }

  /** Tells the tracker of member {@code memberId} that the node of {@code nodeId} moved away. */
  void announceMove(String memberId, String nodeId) {
    moves().publish(memberId + " " + nodeId);
  }

  /**
   * Calls {@code movedAway} with the id of each node of this tracker that registered with another.
   */
  public void onMovedAway(Consumer<String> movedAway) {
    String self = localMemberId();
    moves()
        .addMessageListener(
            message -> {
              String[] parts = message.getMessageObject().split(" ", 2);
              if (parts.length == 2 && parts[0].equals(self)) {
                movedAway.accept(parts[1]);
              }
            });
  }

  private ITopic<String> moves() {
    return instance.getTopic(MOVES_TOPIC);
  }

  /** The cluster's map of the live nodes' share summaries: node id to an encoded summary. */
  IMap<String, byte[]> summaries() {
    return instance.getMap(SUMMARIES_MAP);
  }

  /** The cluster's map of live nodes. */
  IMap<String, byte[]> nodes() {
    return instance.getMap(NODES_MAP);
  }

  /** The engine itself, for the cluster's other shared structures (the standing queries). */
  HazelcastInstance engine() {
    return instance;
  }

  /**
   * The other trackers of the cluster now, as their members publish them; when the configuration
   * pins identities, only trackers of those identities.
   */
  public List<TrackerPeer> otherTrackers() {
    List<TrackerPeer> peers = new ArrayList<>();
    for (Member member : instance.getCluster().getMembers()) {
      if (member.localMember()) {
        continue;
      }
      Optional<TrackerPeer> peer =
          TrackerPeer.of(
              member.getAddress().getHost(), trackersSeen.get(member.getUuid().toString()));
      if (peer.isEmpty()) {
        LOG.debug("cluster member {} publishes no tracker: ignored", member.getAddress());
      } else if (!trustedIds.isEmpty() && !trustedIds.contains(peer.get().id())) {
        if (warnedMembers.add(member.getUuid().toString())) {
          LOG.warn(
              "cluster member {} claims tracker identity {}, which the cluster does not pin:"
                  + " not relaying searches to it",
              member.getAddress(),
              peer.get().id());
        }
      } else {
        peers.add(peer.get());
      }
    }
    return peers;
  }

  /** Whether {@code callerId} is the identity of another tracker of the cluster. */
  public boolean isTracker(String callerId) {
    return otherTrackers().stream().anyMatch(peer -> peer.id().equals(callerId));
  }

  /** The loopback port of the member behind its tunnel; empty in plain text. */
  Optional<Integer> loopbackPort() {
    return tunnel.map(ClusterTunnel::memberPort);
  }

  /** How many members the cluster has now, this one included. */
  public int size() {
    return instance.getCluster().getMembers().size();
  }

  /** Keeps a copy of the trackers map, which changes only as trackers start. */
  private record TrackerListener(Map<String, String> seen)
      implements EntryAddedListener<String, String>,
          EntryUpdatedListener<String, String>,
          EntryRemovedListener<String, String> {

    @Override
    public void entryAdded(EntryEvent<String, String> event) {
      seen.put(event.getKey(), event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> event) {
      seen.put(event.getKey(), event.getValue());
    }

    @Override
    public void entryRemoved(EntryEvent<String, String> event) {
      seen.remove(event.getKey());
    }
  }

  /** Leaves the cluster, handing this member's part of the data to the others first. */
  @Override
  public void close() {
    try {
      trackers.delete(localMemberId());
      instance.shutdown();
    } catch (RuntimeException e) {
      LOG.warn("leaving the tracker cluster failed: {}", e.toString());
    } finally {
      tunnel.ifPresent(ClusterTunnel::close);
    }
  }
}
