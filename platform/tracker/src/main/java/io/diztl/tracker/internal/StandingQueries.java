package io.diztl.tracker.internal;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.proto.v1.StandingQuery;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The standing queries the tracker holds, by id, each of one asking node, until it expires or is
 * cancelled; with limits per node and for the whole network. Thread-safe. Kept in a {@link
 * StandingQueryStore}: the tracker's memory, or the cluster's map. In a cluster the limits are
 * checked against the cluster's queries without a cluster-wide lock, so registrations racing
 * through different trackers may pass them by a few.
 */
public final class StandingQueries {

  /** The most standing queries one node may hold registered. */
  public static final int DEFAULT_MAX_PER_NODE = 100;

  /** The most standing queries the whole network may hold registered. */
  public static final int DEFAULT_MAX_TOTAL = 10_000;

  /** The longest a standing query may stay registered. */
  public static final Duration MAX_TTL = Duration.ofDays(366);

  private static final Pattern ID = Pattern.compile("[a-z0-9-]{16,64}");

  private final Clock clock;
  private final int maxPerNode;
  private final int maxTotal;
  private final StandingQueryStore queries;

  /** Holds queries in memory with {@code clock} for expiry, within the given limits. */
  public StandingQueries(Clock clock, int maxPerNode, int maxTotal) {
    this(new LocalStandingQueryStore(clock), clock, maxPerNode, maxTotal);
  }

  /** Holds queries in {@code queries} with {@code clock} for expiry, within the given limits. */
  StandingQueries(StandingQueryStore queries, Clock clock, int maxPerNode, int maxTotal) {
    this.queries = Objects.requireNonNull(queries, "queries");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxPerNode = maxPerNode;
    this.maxTotal = maxTotal;
  }

  /**
   * Registers {@code query} for {@code asker}, or renews it (same id).
   *
   * @return the query as held, its asker set
   * @throws DiztlException {@code INVALID_ARGUMENT} for a malformed id, query or expiry, {@code
   *     PERMISSION_DENIED} for the id of another node's query, {@code RESOURCE_EXHAUSTED} beyond a
   *     limit
   */
  public synchronized StandingQuery register(String asker, StandingQuery query) {
    String id = query.getId();
    if (!ID.matcher(id).matches()) {
      throw new InvalidRequestException(
          "expected a standing query id of 16 to 64 characters a-z, 0-9 or '-', found '"
              + LogText.of(id)
              + "'");
    }
    RequestValidator.checkSearch(query.getQuery());
    long now = clock.millis();
    long expires = query.getExpiresMillis();
    if (expires <= now || expires > now + MAX_TTL.toMillis()) {
      throw new InvalidRequestException(
          "expected an expiry within " + MAX_TTL.toDays() + " days from now, found " + expires);
    }
    StandingQuery old = queries.get(id).orElse(null);
    if (old != null && !old.getAskerNodeId().equals(asker)) {
      throw new DiztlException(
          ErrorKind.PERMISSION_DENIED, "standing query " + id + " belongs to another node");
    }
    if (old == null) {
      List<StandingQuery> all = queries.all();
      long mine = all.stream().filter(q -> q.getAskerNodeId().equals(asker)).count();
      if (mine >= maxPerNode) {
        throw new DiztlException(
            ErrorKind.RESOURCE_EXHAUSTED,
            "node "
                + asker
                + " already has "
                + mine
                + " standing queries, the most one node may; cancel one first");
      }
      if (all.size() >= maxTotal) {
        throw new DiztlException(
            ErrorKind.RESOURCE_EXHAUSTED,
            "the network already holds "
                + all.size()
                + " standing queries, the most this tracker allows; try again later");
      }
    }
    StandingQuery held = query.toBuilder().setAskerNodeId(asker).build();
    queries.put(held);
    return held;
  }

  /**
   * Ends the query {@code id} of {@code asker}.
   *
   * @throws DiztlException {@code NOT_FOUND} when {@code asker} holds no query of that id
   */
  public synchronized void cancel(String asker, String id) {
    StandingQuery held = queries.get(id).orElse(null);
    if (held == null || !held.getAskerNodeId().equals(asker)) {
      throw new DiztlException(
          ErrorKind.NOT_FOUND, "no standing query " + LogText.of(id) + " of node " + asker);
    }
    queries.remove(id);
  }

  /** The live query {@code id}, if any. */
  public Optional<StandingQuery> get(String id) {
    return queries.get(id);
  }

  /** Every live query. */
  public List<StandingQuery> all() {
    return queries.all();
  }

  /** Tells {@code listener} of the queries registered, renewed or cancelled from now on. */
  void listen(StandingQueryStore.Listener listener) {
    queries.listen(listener);
  }
}
