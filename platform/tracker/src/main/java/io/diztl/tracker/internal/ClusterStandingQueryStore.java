package io.diztl.tracker.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.diztl.proto.v1.StandingQuery;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standing queries of a cluster of trackers: a Hazelcast map of query id to a serialized {@link
 * StandingQuery}, each entry living until the query's expiry and kept with one backup on another
 * member, so that the queries survive the loss of the tracker they were registered through. Every
 * tracker hears of the queries registered or cancelled through any tracker, and sends them to its
 * own nodes.
 */
final class ClusterStandingQueryStore implements StandingQueryStore {

  /** The map's name in the cluster. */
  static final String MAP = "diztl-standing-queries";

  private static final Logger LOG = LoggerFactory.getLogger(ClusterStandingQueryStore.class);

  private final IMap<String, byte[]> queries;
  private final Clock clock;

  /** Keeps the queries in {@code queries}, their time to live counted by {@code clock}. */
  ClusterStandingQueryStore(IMap<String, byte[]> queries, Clock clock) {
    this.queries = Objects.requireNonNull(queries, "queries");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Optional<StandingQuery> get(String id) {
    return decode(id, queries.get(id)).filter(this::live);
  }

  @Override
  public void put(StandingQuery query) {
    long ttl = Math.max(1, query.getExpiresMillis() - clock.millis());
    queries.set(query.getId(), query.toByteArray(), ttl, TimeUnit.MILLISECONDS);
  }

  @Override
  public void remove(String id) {
    queries.delete(id);
  }

  @Override
  public List<StandingQuery> all() {
    List<StandingQuery> live = new ArrayList<>();
    queries.forEach((id, value) -> decode(id, value).filter(this::live).ifPresent(live::add));
    return live;
  }

  @Override
  public void listen(Listener listener) {
    queries.addEntryListener(new Changes(listener), true);
  }

  private boolean live(StandingQuery query) {
    return query.getExpiresMillis() > clock.millis();
  }

  private static Optional<StandingQuery> decode(String id, byte[] value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(StandingQuery.parseFrom(value));
    } catch (InvalidProtocolBufferException e) {
      LOG.warn("cluster entry of standing query {} is malformed: skipped ({})", LogText.of(id), e);
      return Optional.empty();
    }
  }

  /** Passes the map's changes on: an entry added or updated is held, one removed cancelled. */
  private record Changes(Listener listener)
      implements EntryAddedListener<String, byte[]>,
          EntryUpdatedListener<String, byte[]>,
          EntryRemovedListener<String, byte[]> {

    @Override
    public void entryAdded(EntryEvent<String, byte[]> event) {
      decode(event.getKey(), event.getValue()).ifPresent(listener::held);
    }

    @Override
    public void entryUpdated(EntryEvent<String, byte[]> event) {
      decode(event.getKey(), event.getValue()).ifPresent(listener::held);
    }

    @Override
    public void entryRemoved(EntryEvent<String, byte[]> event) {
      listener.cancelled(event.getKey());
    }
  }
}
