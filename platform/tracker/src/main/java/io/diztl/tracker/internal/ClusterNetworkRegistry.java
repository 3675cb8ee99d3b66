package io.diztl.tracker.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.hazelcast.map.IMap;
import io.diztl.proto.v1.ClusterNode;
import io.diztl.proto.v1.NodeInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network of a cluster of trackers: a Hazelcast map of the live nodes that every tracker writes
 * its own nodes into, each entry with the time-to-live of a node and refreshed by its heartbeats,
 * so that a node whose tracker dies drops out of the map within that time unless it registers with
 * another tracker. The map keeps one backup of every entry on another member.
 */
public final class ClusterNetworkRegistry implements NetworkRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterNetworkRegistry.class);

  private final HazelcastCluster cluster;
  private final IMap<String, byte[]> nodes;
  private final String tracker;
  private final long ttlMillis;
  private final IMap<String, byte[]> summaries;

  /**
   * Writes into the node map of {@code cluster}.
   *
   * @param ttl how long an entry lives without a heartbeat
   */
  public ClusterNetworkRegistry(HazelcastCluster cluster, Duration ttl) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.nodes = cluster.nodes();
    this.summaries = cluster.summaries();
    this.tracker = cluster.localMemberId();
    this.ttlMillis = Math.max(1, Objects.requireNonNull(ttl, "ttl").toMillis());
  }

  @Override
  public void seen(NodeInfo node) {
    byte[] entry = ClusterNode.newBuilder().setNode(node).setTracker(tracker).build().toByteArray();
    byte[] previous = nodes.put(node.getNodeId(), entry, ttlMillis, TimeUnit.MILLISECONDS);
    if (previous != null) {
      // The node came from another tracker: that one drops it, so no search asks it twice.
      decodeEntry(node.getNodeId(), previous)
          .map(ClusterNode::getTracker)
          .filter(owner -> !owner.equals(tracker))
          .ifPresent(owner -> cluster.announceMove(owner, node.getNodeId()));
    }
    summaries.setTtl(node.getNodeId(), ttlMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void summary(String nodeId, ByteString summary) {
    summaries.set(nodeId, summary.toByteArray(), ttlMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void left(String nodeId) {
    nodes.delete(nodeId);
    summaries.delete(nodeId);
  }

  @Override
  public List<NodeInfo> page(String afterId, int size) {
    List<NodeInfo> live = new ArrayList<>();
    for (Map.Entry<String, byte[]> entry : nodes.entrySet()) {
      if (entry.getKey().compareTo(afterId) > 0) {
        decode(entry.getKey(), entry.getValue()).ifPresent(live::add);
      }
    }
    return live.stream().sorted(Comparator.comparing(NodeInfo::getNodeId)).limit(size).toList();
  }

  private static Optional<NodeInfo> decode(String nodeId, byte[] value) {
    return decodeEntry(nodeId, value).map(ClusterNode::getNode);
  }

  private static Optional<ClusterNode> decodeEntry(String nodeId, byte[] value) {
    try {
      return Optional.of(ClusterNode.parseFrom(value));
    } catch (InvalidProtocolBufferException e) {
      LOG.warn(
          "cluster entry of node {} is malformed: skipped ({})", LogText.of(nodeId), e.toString());
      return Optional.empty();
    }
  }

  @Override
  public int size() {
    return nodes.size();
  }

  @Override
  public void close() {
    // The map belongs to the cluster; the entries of this tracker's nodes expire with their TTL.
  }
}
