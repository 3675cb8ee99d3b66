package io.diztl.tracker.internal;

import io.diztl.proto.v1.StandingQuery;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The standing queries of a tracker without a cluster, in its memory only: after a restart each
 * asking node registers its queries again. Listeners are told on the thread of the change.
 */
final class LocalStandingQueryStore implements StandingQueryStore {

  private final Clock clock;
  private final Map<String, StandingQuery> queries = new HashMap<>(); // guarded by this
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  /** Holds queries until their expiry by {@code clock}. */
  LocalStandingQueryStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Optional<StandingQuery> get(String id) {
    dropExpired();
    return Optional.ofNullable(queries.get(id));
  }

  @Override
  public void put(StandingQuery query) {
    synchronized (this) {
      queries.put(query.getId(), query);
    }
    listeners.forEach(listener -> listener.held(query));
  }

  @Override
  public void remove(String id) {
    boolean removed;
    synchronized (this) {
      removed = queries.remove(id) != null;
    }
    if (removed) {
      listeners.forEach(listener -> listener.cancelled(id));
    }
  }

  @Override
  public synchronized List<StandingQuery> all() {
    dropExpired();
    return new ArrayList<>(queries.values());
  }

  @Override
  public void listen(Listener listener) {
    listeners.add(listener);
  }

  private void dropExpired() {
    long now = clock.millis();
    queries.values().removeIf(query -> query.getExpiresMillis() <= now);
  }
}
