package io.diztl.node.internal;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.ui.PeerInfo;
import io.diztl.node.internal.search.SearchMapping;
import io.diztl.node.internal.tracker.TrackerClient;
import io.diztl.proto.v1.NodeInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the nodes of the network listen: this node itself, the nodes seen in search results and in
 * the tracker's list (the most recent few hundred), and else whatever the tracker says now. Asking
 * the tracker only for nodes it has not seen spares a round trip per download. Thread-safe.
 */
public final class NodeDirectory {

  /** Nodes remembered; the least recently used go first. */
  static final int CAPACITY = 512;

  private final PeerInfo self;
  private final TrackerClient tracker;
  private final Map<String, PeerInfo> known =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PeerInfo> eldest) {
          return size() > CAPACITY;
        }
      };

  /** A directory for the node {@code self} (with the host it is reached at here). */
  public NodeDirectory(PeerInfo self, TrackerClient tracker) {
    this.self = self;
    this.tracker = tracker;
  }

  /** This node, with the host its own peer service is reached at from here. */
  public PeerInfo self() {
    return self;
  }

  /** Remembers where a node listens, as a search result or the tracker just told. */
  public synchronized void learn(PeerInfo node) {
    if (!node.self() && !node.host().isEmpty() && node.port() > 0) {
      known.put(node.nodeId(), node);
    }
  }

  /** Forgets a node whose address failed, so that the next look-up asks the tracker. */
  public synchronized void forget(String nodeId) {
    known.remove(nodeId);
  }

  /** The name of a node, when this directory knows it. */
  public synchronized Optional<String> name(String nodeId) {
    if (nodeId.equals(self.nodeId())) {
      return Optional.of(self.name());
    }
    return Optional.ofNullable(known.get(nodeId)).map(PeerInfo::name);
  }

  /**
   * The live nodes as the tracker lists them now, this one included; remembers them all.
   *
   * @throws DiztlException {@code UNAVAILABLE} or {@code TIMED_OUT} when the tracker cannot be
   *     asked
   */
  public List<PeerInfo> peers() {
    List<PeerInfo> peers =
        tracker.listPeers().stream()
            .map((NodeInfo node) -> SearchMapping.toPeer(node, self.nodeId()))
            .toList();
    peers.forEach(this::learn);
    return peers;
  }

  /**
   * Where the node with this id listens.
   *
   * @throws DiztlException {@code NOT_FOUND} when the tracker does not list it, {@code UNAVAILABLE}
   *     or {@code TIMED_OUT} when the tracker cannot be asked
   */
  public PeerInfo locate(String nodeId) {
    if (nodeId.equals(self.nodeId())) {
      return self;
    }
    synchronized (this) {
      PeerInfo cached = known.get(nodeId);
      if (cached != null) {
        return cached;
      }
    }
    List<PeerInfo> peers;
    try {
      peers = peers();
    } catch (DiztlException e) {
      throw new DiztlException(e.kind(), "cannot find node " + nodeId + ": " + e.getMessage(), e);
    }
    return peers.stream()
        .filter(node -> node.nodeId().equals(nodeId))
        .findFirst()
        .orElseThrow(
            () -> new DiztlException(ErrorKind.NOT_FOUND, "node " + nodeId + " is not online"));
  }
}
