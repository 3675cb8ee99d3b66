package io.diztl.tracker;

import io.diztl.proto.NetworkKey;
import io.diztl.proto.Transport;
import io.diztl.tracker.internal.ClusterNetworkRegistry;
import io.diztl.tracker.internal.ClusterSearch;
import io.diztl.tracker.internal.HazelcastCluster;
import io.diztl.tracker.internal.LocalNetworkRegistry;
import io.diztl.tracker.internal.NetworkRegistry;
import io.diztl.tracker.internal.PeerRegistry;
import io.diztl.tracker.internal.SearchStarter;
import java.util.Optional;

/**
 * What a tracker's network is made of: without a cluster, its own registry and searches relayed to
 * its own nodes; in a cluster, its Hazelcast member, the cluster's registry and searches relayed
 * through every tracker.
 *
 * @param cluster the tracker's cluster member, if it has a cluster
 * @param network the live nodes of the network
 * @param relay starts the searches that callers send the tracker
 * @param search the cluster-wide relay, if it has a cluster
 */
record Clustering(
    Optional<HazelcastCluster> cluster,
    NetworkRegistry network,
    SearchStarter relay,
    Optional<ClusterSearch> search) {

  /**
   * Joins {@code config}'s cluster, if any, admitting over TLS only the members that {@code config}
   * pins or that prove {@code key}; with none, the network of this tracker alone.
   */
  static Clustering start(
      Optional<ClusterConfig> config,
      TrackerConfig tracker,
      Transport transport,
      Optional<NetworkKey> key,
      PeerRegistry registry,
      SearchStarter ownNodes) {
    if (config.isEmpty()) {
      return new Clustering(
          Optional.empty(), new LocalNetworkRegistry(registry), ownNodes, Optional.empty());
    }
    HazelcastCluster member =
        HazelcastCluster.start(config.get(), tracker.bindHost(), transport, key);
    member.onMovedAway(registry::moved);
    ClusterSearch search =
        new ClusterSearch(ownNodes, member::otherTrackers, transport, tracker.searchDeadline());
    return new Clustering(
        Optional.of(member),
        new ClusterNetworkRegistry(member, tracker.nodeTtl()),
        search,
        Optional.of(search));
  }

  /** Leaves the cluster, if any. */
  void close() {
    search.ifPresent(ClusterSearch::close);
    network.close();
    cluster.ifPresent(HazelcastCluster::close);
  }
}
