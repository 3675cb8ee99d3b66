package io.diztl.tracker.internal;

import io.diztl.proto.v1.StandingQuery;
import java.util.List;
import java.util.Optional;

/**
 * Where a tracker keeps the standing queries, by id, each until its expiry: in its own memory
 * ({@link LocalStandingQueryStore}) or in the cluster's engine ({@link ClusterStandingQueryStore}),
 * where every tracker of the cluster sees the queries registered through the others and they
 * outlive the tracker they were registered through.
 */
interface StandingQueryStore {

  /** The live query {@code id}, if any. */
  Optional<StandingQuery> get(String id);

  /** Holds {@code query} until its expiry, replacing one of the same id. */
  void put(StandingQuery query);

  /** Ends the query {@code id}. */
  void remove(String id);

  /** Every live query. */
  List<StandingQuery> all();

  /**
   * Tells {@code listener} of every query held or renewed and every query cancelled from now on,
   * through whichever tracker; not of expiries, which the nodes see for themselves.
   */
  void listen(Listener listener);

  /** What a store tells of its changes. */
  interface Listener {

    /** {@code query} was registered or renewed. */
    void held(StandingQuery query);

    /** The query {@code id} was cancelled. */
    void cancelled(String id);
  }
}
