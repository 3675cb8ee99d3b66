package io.diztl.node.internal.serve;

import io.grpc.Status;
import io.grpc.StatusException;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts the calls of one kind in flight, per peer and in all, and refuses those past either limit
 * with {@code RESOURCE_EXHAUSTED}. Thread-safe.
 */
public final class CallPermits {

  private final String what;
  private final int perPeer;
  private final int total;
  private final Map<String, Integer> held = new HashMap<>();
  private int inUse;

  /** Permits for calls that error messages call {@code what}, such as "downloads". */
  public CallPermits(String what, int perPeer, int total) {
    this.what = what;
    this.perPeer = perPeer;
    this.total = total;
  }

  /** How many permits are taken now. */
  public synchronized int inUse() {
    return inUse;
  }

  /**
   * Takes a permit for {@code peer}.
   *
   * @throws StatusException {@code RESOURCE_EXHAUSTED}, saying which limit, when none is left
   */
  public synchronized void acquire(String peer) throws StatusException {
    int mine = held.getOrDefault(peer, 0);
    if (mine >= perPeer) {
      throw Status.RESOURCE_EXHAUSTED
          .withDescription(
              "this node serves at most "
                  + perPeer
                  + " "
                  + what
                  + " at once to one peer, and "
                  + peer
                  + " has "
                  + mine
                  + "; try again when one ends")
          .asException();
    }
    if (inUse >= total) {
      throw Status.RESOURCE_EXHAUSTED
          .withDescription(
              "this node serves at most "
                  + total
                  + " "
                  + what
                  + " at once to all peers together; try again later")
          .asException();
    }
    held.put(peer, mine + 1);
    inUse++;
  }

  /** Gives back a permit taken with {@link #acquire}. */
  public synchronized void release(String peer) {
    Integer mine = held.get(peer);
    if (mine == null) {
      return;
    }
    if (mine > 1) {
      held.put(peer, mine - 1);
    } else {
      held.remove(peer);
    }
    inUse--;
  }
}
