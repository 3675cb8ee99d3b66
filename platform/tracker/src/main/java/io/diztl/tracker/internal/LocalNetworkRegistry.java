package io.diztl.tracker.internal;

import com.google.protobuf.ByteString;
import io.diztl.proto.v1.NodeInfo;
import java.util.List;
import java.util.Objects;

/** The network of a single tracker: exactly the nodes of its {@link PeerRegistry}. */
public final class LocalNetworkRegistry implements NetworkRegistry {

  private final PeerRegistry registry;

  /** The network of the nodes in {@code registry}. */
  public LocalNetworkRegistry(PeerRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public void seen(NodeInfo node) {
    // The tracker's own registry already holds the node.
  }

  @Override
  public void summary(String nodeId, ByteString summary) {
    // The tracker's routing table already holds it.
  }

  @Override
  public void left(String nodeId) {
    // The tracker's own registry already dropped the node.
  }

  @Override
  public List<NodeInfo> page(String afterId, int size) {
    return registry.page(afterId, size).stream().map(RegisteredNode::info).toList();
  }

  @Override
  public int size() {
    return registry.live().size();
  }

  @Override
  public void close() {
    // Nothing of its own to release.
  }
}
