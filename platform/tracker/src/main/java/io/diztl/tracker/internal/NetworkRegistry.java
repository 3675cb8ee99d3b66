package io.diztl.tracker.internal;

import com.google.protobuf.ByteString;
import io.diztl.proto.v1.NodeInfo;
import java.util.List;

/**
 * The live nodes of the whole network, whichever tracker each registered with: what {@code
 * ListPeers} pages through and what a search is counted against. The tracker's {@link PeerRegistry}
 * keeps its own nodes (with their channels); this registry tells the network about them. {@link
 * LocalNetworkRegistry} is the network of one tracker, {@link ClusterNetworkRegistry} the network
 * of a cluster of trackers.
 */
public interface NetworkRegistry extends AutoCloseable {

  /** Records that {@code node} registered with or sent a heartbeat to this tracker. */
  void seen(NodeInfo node);

  /**
   * Records that {@code node} registered with this tracker, which takes it over from any other
   * tracker it was registered with.
   */
  default void joined(NodeInfo node) {
    seen(node);
  }

  /** Records the share summary that the node of {@code nodeId} sent this tracker. */
  void summary(String nodeId, ByteString summary);

  /** Records that the node of {@code nodeId} unregistered from this tracker. */
  void left(String nodeId);

  /**
   * Up to {@code size} live nodes of the network whose ids follow {@code afterId} (empty: from the
   * first), in the order of their ids.
   */
  List<NodeInfo> page(String afterId, int size);

  /** How many live nodes the network has. */
  int size();

  /** Stops telling the network about this tracker's nodes. */
  @Override
  void close();
}
