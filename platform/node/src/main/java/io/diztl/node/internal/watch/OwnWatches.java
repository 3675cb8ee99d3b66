package io.diztl.node.internal.watch;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.SearchQuery;
import io.diztl.api.ui.Cancellable;
import io.diztl.api.ui.SearchSummary;
import io.diztl.index.ShareIndex;
import io.diztl.node.internal.search.NodeHits;
import io.diztl.node.internal.search.SearchMapping;
import io.diztl.node.internal.search.SearchSink;
import io.diztl.node.internal.tracker.StandingQueryLink;
import io.diztl.proto.v1.DeliverStandingMatchesRequest;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.SearchHit;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.StandingQuery;
import io.diztl.proto.v1.StoredWatch;
import io.diztl.proto.v1.WatchEvent;
import io.diztl.proto.v1.WatchInfo;
import io.diztl.proto.v1.WatchMatch;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's own standing queries: registered with the tracker (again after each registration of
 * the node, so a tracker restart loses none), kept in the data folder until their TTL ends, with
 * each content reported once per query and the latest matches remembered. Matches reach the
 * listeners attached to a query. Thread-safe.
 */
public final class OwnWatches {

  private static final Logger LOG = LoggerFactory.getLogger(OwnWatches.class);

  /** How long a watch stays registered when the asker does not say. */
  public static final Duration DEFAULT_TTL = Duration.ofDays(7);

  /** The most standing queries of one node. */
  public static final int MAX_WATCHES = 100;

  /** Matches remembered per watch. */
  static final int RECENT = 200;

  /** Contents remembered per watch as reported. */
  static final int SEEN = 100_000;

  private final String selfId;
  private final ShareIndex index;
  private final StandingQueryLink tracker;
  private final BiFunction<SearchQuery, SearchSink, Cancellable> search;
  private final WatchStore store;
  private final Clock clock;
  private final Map<String, Entry> watches = new LinkedHashMap<>(); // guarded by this
  private final List<Consumer<WatchMatch>> followers = new CopyOnWriteArrayList<>();

  /**
   * Watches of node {@code selfId}, checked against {@code index}, registered with {@code tracker},
   * filled in at registration through {@code search} and kept in {@code store}.
   */
  public OwnWatches(
      String selfId,
      ShareIndex index,
      StandingQueryLink tracker,
      BiFunction<SearchQuery, SearchSink, Cancellable> search,
      WatchStore store,
      Clock clock) {
    this.selfId = selfId;
    this.index = index;
    this.tracker = tracker;
    this.search = search;
    this.store = store;
    this.clock = clock;
    for (StoredWatch stored : store.load()) {
      watches.put(stored.getInfo().getId(), new Entry(stored));
    }
  }

  /**
   * Registers a standing query and attaches {@code listener} to it, which gets the registration
   * first, then the files that already exist (one ordinary search fills them in) and every new
   * match until the returned handle is cancelled. The tracker being unreachable is no error: the
   * query is registered once it is reached.
   *
   * @throws DiztlException {@code INVALID_ARGUMENT} for a query a search refuses too (with the same
   *     message), {@code RESOURCE_EXHAUSTED} beyond {@value #MAX_WATCHES} watches or when the
   *     tracker refuses more
   */
  public Cancellable watch(SearchQuery query, Duration ttl, Consumer<WatchEvent> listener) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(listener, "listener");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new DiztlException(
          ErrorKind.INVALID_ARGUMENT, "expected a positive time to live, found " + ttl);
    }
    index.compileStanding(query);
    long now = clock.millis();
    WatchInfo info =
        WatchInfo.newBuilder()
            .setId(UUID.randomUUID().toString())
            .setQuery(SearchMapping.toRequest(query))
            .setCreatedMillis(now)
            .setExpiresMillis(now + ttl.toMillis())
            .build();
    Entry entry = new Entry(StoredWatch.newBuilder().setInfo(info).build());
    listener.accept(WatchEvent.newBuilder().setRegistered(info).build());
    entry.listeners.add(listener);
    synchronized (this) {
      dropExpired();
      if (watches.size() >= MAX_WATCHES) {
        throw new DiztlException(
            ErrorKind.RESOURCE_EXHAUSTED,
            "this node already has "
                + watches.size()
                + " standing queries, the most one node may; cancel one first");
      }
      watches.put(info.getId(), entry);
    }
    try {
      tracker.register(standing(info));
    } catch (DiztlException e) {
      if (e.kind() != ErrorKind.UNAVAILABLE && e.kind() != ErrorKind.TIMED_OUT) {
        synchronized (this) {
          watches.remove(info.getId());
        }
        throw e;
      }
      LOG.info("tracker unreachable: standing query {} is registered once it is", info.getId());
    }
    synchronized (this) {
      save();
    }
    LOG.info("standing query {} registered: {}", info.getId(), query.text());
    fillIn(info.getId(), query);
    return () -> entry.listeners.remove(listener);
  }

  /**
   * Attaches {@code listener} to watch {@code id}: it gets the watch's description, its latest
   * matches, then every match from now on until the returned handle is cancelled; marks the watch's
   * matches seen.
   *
   * @throws DiztlException {@code NOT_FOUND} for an unknown id
   */
  public synchronized Cancellable attach(String id, Consumer<WatchEvent> listener) {
    Entry entry = entry(id);
    entry.unseen = 0;
    listener.accept(WatchEvent.newBuilder().setRegistered(entry.info()).build());
    entry.recent.forEach(match -> listener.accept(WatchEvent.newBuilder().setMatch(match).build()));
    entry.listeners.add(listener);
    return () -> entry.listeners.remove(listener);
  }

  /** Tells {@code follower} of every match of every watch from now on, until cancelled. */
  public Cancellable follow(Consumer<WatchMatch> follower) {
    followers.add(Objects.requireNonNull(follower, "follower"));
    return () -> followers.remove(follower);
  }

  /** This node's live watches, oldest first. */
  public synchronized List<WatchInfo> list() {
    dropExpired();
    return watches.values().stream().map(Entry::info).toList();
  }

  /** The latest matches of watch {@code id}, oldest first; marks them seen. */
  public synchronized List<WatchMatch> recent(String id) {
    Entry entry = entry(id);
    entry.unseen = 0;
    return List.copyOf(entry.recent);
  }

  /**
   * Ends watch {@code id} here and, when reachable, at the tracker.
   *
   * @throws DiztlException {@code NOT_FOUND} for an unknown id
   */
  public void cancel(String id) {
    synchronized (this) {
      entry(id);
      watches.remove(id);
      save();
    }
    try {
      tracker.cancel(id);
    } catch (DiztlException e) {
      LOG.info("tracker did not cancel standing query {}: {}", id, e.getMessage());
    }
    LOG.info("standing query {} cancelled", id);
  }

  /** Registers every live watch with the tracker again, such as after the node registered. */
  public void registerAll() {
    List<WatchInfo> live = list();
    for (WatchInfo info : live) {
      try {
        tracker.register(standing(info));
      } catch (DiztlException e) {
        LOG.warn("tracker refused standing query {}: {}", info.getId(), e.getMessage());
      }
    }
    if (!live.isEmpty()) {
      LOG.info("registered {} standing queries with the tracker", live.size());
    }
  }

  /** Takes matches the tracker delivers. */
  public void deliver(DeliverStandingMatchesRequest delivery) {
    add(delivery.getQueryId(), delivery.getNode(), delivery.getHitsList(), false);
    if (delivery.getOmitted() > 0) {
      List<Consumer<WatchEvent>> listeners;
      synchronized (this) {
        Entry entry = watches.get(delivery.getQueryId());
        listeners = entry == null ? List.of() : List.copyOf(entry.listeners);
      }
      WatchEvent event = WatchEvent.newBuilder().setOmitted(delivery.getOmitted()).build();
      listeners.forEach(listener -> listener.accept(event));
    }
  }

  private void fillIn(String id, SearchQuery query) {
    search.apply(
        query,
        new SearchSink() {
          @Override
          public void results(NodeHits hits) {
            add(
                id,
                SearchMapping.toNodeInfo(hits.node()),
                hits.hits().stream().map(SearchMapping::toHit).toList(),
                true);
          }

          @Override
          public void finished(SearchSummary summary) {}

          @Override
          public void failed(DiztlException error) {
            LOG.info("search filling in standing query {} failed: {}", id, error.getMessage());
          }
        });
  }

  private void add(String id, NodeInfo node, List<SearchHit> hits, boolean existing) {
    Set<String> here =
        index.knownHashes(
            hits.stream().map(SearchHit::getSha256).filter(s -> !s.isEmpty()).toList());
    List<WatchMatch> fresh = new ArrayList<>();
    List<Consumer<WatchEvent>> listeners;
    synchronized (this) {
      Entry entry = watches.get(id);
      if (entry == null || entry.info.getExpiresMillis() <= clock.millis()) {
        return;
      }
      for (SearchHit hit : hits) {
        String key =
            hit.getSha256().isEmpty() ? node.getNodeId() + ":" + hit.getFileId() : hit.getSha256();
        if (!entry.seen.add(key)) {
          continue;
        }
        fresh.add(
            WatchMatch.newBuilder()
                .setQueryId(id)
                .setNode(node)
                .setHit(hit)
                .setExisting(existing)
                .setAlreadyHere(here.contains(hit.getSha256()))
                .setReceivedMillis(clock.millis())
                .build());
      }
      if (fresh.isEmpty()) {
        return;
      }
      entry.record(fresh);
      save();
      listeners = List.copyOf(entry.listeners);
    }
    for (WatchMatch match : fresh) {
      WatchEvent event = WatchEvent.newBuilder().setMatch(match).build();
      listeners.forEach(listener -> listener.accept(event));
      followers.forEach(follower -> follower.accept(match));
    }
  }

  private StandingQuery standing(WatchInfo info) {
    SearchRequest query = info.getQuery();
    return StandingQuery.newBuilder()
        .setId(info.getId())
        .setAskerNodeId(selfId)
        .setQuery(query)
        .setExpiresMillis(info.getExpiresMillis())
        .build();
  }

  private Entry entry(String id) {
    dropExpired();
    Entry entry = watches.get(id);
    if (entry == null) {
      throw new DiztlException(
          ErrorKind.NOT_FOUND,
          "expected the id of one of this node's watches, found '"
              + id
              + "'; see diztl watch --list");
    }
    return entry;
  }

  private void dropExpired() {
    long now = clock.millis();
    if (watches.values().removeIf(entry -> entry.info.getExpiresMillis() <= now)) {
      save();
    }
  }

  private void save() {
    store.save(watches.values().stream().map(Entry::stored).toList());
  }

  /** One watch in memory. */
  private static final class Entry {
    private WatchInfo info;
    private final Set<String> seen;
    private final List<String> seenOrder;
    private final List<WatchMatch> recent;
    private final List<Consumer<WatchEvent>> listeners = new CopyOnWriteArrayList<>();
    private long unseen;

    Entry(StoredWatch stored) {
      this.info = stored.getInfo();
      this.seenOrder = new ArrayList<>(stored.getSeenList());
      this.seen = new HashSet<>(seenOrder);
      this.recent = new ArrayList<>(stored.getRecentList());
      this.unseen = info.getUnseen();
    }

    void record(List<WatchMatch> fresh) {
      for (WatchMatch match : fresh) {
        SearchHit hit = match.getHit();
        seenOrder.add(
            hit.getSha256().isEmpty()
                ? match.getNode().getNodeId() + ":" + hit.getFileId()
                : hit.getSha256());
        recent.add(match);
      }
      while (seenOrder.size() > SEEN) {
        seen.remove(seenOrder.removeFirst());
      }
      while (recent.size() > RECENT) {
        recent.removeFirst();
      }
      info = info.toBuilder().setMatches(info.getMatches() + fresh.size()).build();
      unseen = listeners.isEmpty() ? unseen + fresh.size() : 0;
    }

    WatchInfo info() {
      return info.toBuilder().setUnseen(unseen).build();
    }

    StoredWatch stored() {
      return StoredWatch.newBuilder()
          .setInfo(info())
          .addAllSeen(seenOrder)
          .addAllRecent(recent)
          .build();
    }
  }
}
