package io.diztl.node.internal.watch;

import io.diztl.api.DiztlException;
import io.diztl.index.IndexedFile;
import io.diztl.index.ShareIndex;
import io.diztl.index.StandingQuery;
import io.diztl.index.WrittenFile;
import io.diztl.node.internal.search.SearchMapping;
import io.diztl.node.internal.tracker.StandingQueryLink;
import io.diztl.proto.v1.HoldStandingQueriesRequest;
import io.diztl.proto.v1.ReportStandingMatchesRequest;
import io.diztl.proto.v1.SearchHit;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standing queries of other nodes that this node holds, as the tracker sends them, matched
 * against every file the index writes. A hashed file that matches is reported once per query and
 * content, in batches: a batch opens with a match and is sent once no match came for {@link
 * #QUIET}, or {@link #BATCH} after it opened, whichever is first; and at most {@link
 * #MAX_PER_MINUTE} a minute per query (the rest counted as omitted). A query this node cannot parse
 * (a matcher plugin it lacks) is ignored. Everything runs on one thread of its own.
 */
public final class HeldStandingQueries implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HeldStandingQueries.class);

  /** The longest matches are gathered before they are sent together. */
  public static final Duration BATCH = Duration.ofSeconds(2);

  /** A batch is sent once no match came for this long. */
  public static final Duration QUIET = Duration.ofMillis(100);

  /** The most matches of one query reported in a minute. */
  public static final int MAX_PER_MINUTE = 100;

  /** Contents remembered per query as reported. */
  private static final int REMEMBERED = 10_000;

  private final ShareIndex index;
  private final StandingQueryLink tracker;
  private final Clock clock;
  private final ScheduledExecutorService thread;
  private final Map<String, Held> held = new HashMap<>(); // only on thread

  /** Updates handed to {@link #hold} and not yet applied. */
  private final AtomicInteger pendingUpdates = new AtomicInteger();

  /**
   * Whether {@link #held} held a query when last changed: without one, and no update pending, a
   * written file is passed over on the writing thread (a bulk load writes many thousands a second).
   */
  private volatile boolean anyHeld;

  /** Matches the files of {@code index}, reporting to {@code tracker}; time from {@code clock}. */
  public HeldStandingQueries(ShareIndex index, StandingQueryLink tracker, Clock clock) {
    this.index = index;
    this.tracker = tracker;
    this.clock = clock;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("diztl-standing-queries").daemon().factory());
    index.onWritten(this::written);
  }

  /** Takes the tracker's update in the background. */
  public void hold(HoldStandingQueriesRequest request) {
    pendingUpdates.incrementAndGet();
    boolean queued =
        run(
            () -> {
              try {
                apply(request);
              } finally {
                anyHeld = !held.isEmpty();
                pendingUpdates.decrementAndGet();
              }
            });
    if (!queued) {
      pendingUpdates.decrementAndGet();
    }
  }

  /** How many queries are held (as of the updates applied so far). */
  public int size() {
    try {
      return thread
          .submit(
              () -> {
                dropExpired(clock.millis());
                return held.size();
              })
          .get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    } catch (ExecutionException | RejectedExecutionException e) {
      return 0;
    }
  }

  private void apply(HoldStandingQueriesRequest request) {
    if (request.getReplace()) {
      held.keySet().retainAll(request.getQueriesList().stream().map(q -> q.getId()).toList());
    }
    request.getCancelledIdsList().forEach(held::remove);
    for (io.diztl.proto.v1.StandingQuery query : request.getQueriesList()) {
      Held old = held.get(query.getId());
      if (old != null && old.query.getQuery().equals(query.getQuery())) {
        old.query = query;
        continue;
      }
      try {
        StandingQuery compiled = index.compileStanding(SearchMapping.toQuery(query.getQuery()));
        held.put(query.getId(), new Held(query, compiled));
      } catch (DiztlException e) {
        LOG.debug("ignoring standing query {}: {}", query.getId(), e.getMessage());
        held.remove(query.getId());
      }
    }
    LOG.debug("holding {} standing queries", held.size());
  }

  private void written(WrittenFile file) {
    if (pendingUpdates.get() == 0 && !anyHeld) {
      return;
    }
    if (!file.file().sha256().isEmpty()) {
      run(() -> match(file));
    }
  }

  private void match(WrittenFile file) {
    if (held.isEmpty()) {
      return;
    }
    long now = clock.millis();
    dropExpired(now);
    for (Held query : held.values()) {
      try {
        file.match(query.compiled).ifPresent(found -> query.add(found, now));
      } catch (DiztlException e) {
        LOG.debug("standing query {} failed on a file: {}", query.query.getId(), e.getMessage());
      }
    }
  }

  private void dropExpired(long now) {
    held.values().removeIf(query -> query.query.getExpiresMillis() <= now);
    anyHeld = !held.isEmpty();
  }

  /** Sends the batch once no match came for {@link #QUIET}, or {@link #BATCH} after it opened. */
  private void check(Held query) {
    long now = clock.millis();
    long due =
        Math.min(
            query.lastAddedMillis + QUIET.toMillis(), query.batchStartMillis + BATCH.toMillis());
    if (now < due) {
      query.plan(now);
      return;
    }
    query.flushPlanned = false;
    if (held.get(query.query.getId()) == query) {
      tracker.report(
          ReportStandingMatchesRequest.newBuilder()
              .setQueryId(query.query.getId())
              .addAllHits(query.batch)
              .setOmitted(query.omitted)
              .build());
    }
    query.batch.clear();
    query.omitted = 0;
  }

  /** Runs {@code task} on the thread; false when closed. */
  private boolean run(Runnable task) {
    try {
      thread.execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      return false; // closed
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }

  /** One held query and what it has reported. */
  private final class Held {
    private io.diztl.proto.v1.StandingQuery query;
    private final StandingQuery compiled;
    private final SequencedSet<String> reported = new LinkedHashSet<>();
    private final List<SearchHit> batch = new ArrayList<>();
    private int omitted;
    private boolean flushPlanned;
    private long batchStartMillis;
    private long lastAddedMillis;
    private long minuteStart;
    private int inMinute;

    /** Has {@link #check} run when the batch is due. */
    void plan(long now) {
      long due = Math.min(lastAddedMillis + QUIET.toMillis(), batchStartMillis + BATCH.toMillis());
      thread.schedule(() -> check(this), Math.max(1, due - now), TimeUnit.MILLISECONDS);
    }

    Held(io.diztl.proto.v1.StandingQuery query, StandingQuery compiled) {
      this.query = query;
      this.compiled = compiled;
    }

    void add(IndexedFile file, long now) {
      if (!reported.add(file.sha256())) {
        return;
      }
      if (reported.size() > REMEMBERED) {
        reported.removeFirst();
      }
      if (now - minuteStart >= 60_000) {
        minuteStart = now;
        inMinute = 0;
      }
      if (inMinute >= MAX_PER_MINUTE) {
        omitted++;
      } else {
        inMinute++;
        batch.add(SearchMapping.toHit(file));
      }
      lastAddedMillis = now;
      if (!flushPlanned) {
        flushPlanned = true;
        batchStartMillis = now;
        plan(now);
      }
    }
  }
}
