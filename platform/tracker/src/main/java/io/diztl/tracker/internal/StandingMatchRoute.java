package io.diztl.tracker.internal;

import io.diztl.proto.v1.DeliverStandingMatchesRequest;
import java.util.function.Consumer;

/**
 * How the matches that a node reports reach the asking node when it is registered with another
 * tracker: {@link #NONE} for a tracker alone, or {@link ClusterStandingMatchRoute} through the
 * cluster to whichever tracker the asker talks to.
 */
interface StandingMatchRoute {

  /** A tracker without a cluster: an asker that is not its own node is offline. */
  StandingMatchRoute NONE =
      new StandingMatchRoute() {
        @Override
        public boolean send(DeliverStandingMatchesRequest delivery) {
          return false;
        }

        @Override
        public void receive(Consumer<DeliverStandingMatchesRequest> deliverer) {}
      };

  /**
   * Sends {@code delivery} to the other trackers, one of which may hold its asker; false when there
   * are none to send it to.
   */
  boolean send(DeliverStandingMatchesRequest delivery);

  /** Hands {@code deliverer} each delivery another tracker sends. */
  void receive(Consumer<DeliverStandingMatchesRequest> deliverer);
}
