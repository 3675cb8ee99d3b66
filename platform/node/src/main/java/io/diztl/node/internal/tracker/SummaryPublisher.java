package io.diztl.node.internal.tracker;

import com.google.protobuf.ByteString;
import io.diztl.index.RoutingKeys;
import io.diztl.index.RoutingTerms;
import io.diztl.index.ShareIndex;
import io.diztl.node.internal.GrpcErrors;
import io.diztl.proto.ShareSummary;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the tracker's copy of this node's {@link ShareSummary} current, so that the tracker can
 * route searches: it looks at the index every {@link #CHECK}, and sends a new summary when what
 * searches see has changed, or when the node has registered anew (with another tracker, or a
 * restarted one). A summary reads every term of the share, so after one that took {@code t} the
 * next waits {@link #COST_FACTOR} times {@code t} (see {@link CostPacer}): while a large share is
 * loaded, its index changes every second, and rebuilding the summary each time would take a core.
 * While the share's first reconcile runs, nothing is sent to a registration that has no summary
 * yet: the tracker asks a node without one every search, which finds what is indexed so far, and a
 * summary built then would be out of date within a second. A tracker that does not route ({@code
 * UNIMPLEMENTED}) is not sent summaries again until the node moves to another.
 */
public final class SummaryPublisher implements AutoCloseable {

  /**
   * How often the index and the link are looked at: new files of a small share reach the summary
   * this fast.
   */
  static final Duration CHECK = Duration.ofMillis(250);

  /** A summary waits this many times as long as the last one took to build. */
  static final int COST_FACTOR = 9;

  private static final Logger LOG = LoggerFactory.getLogger(SummaryPublisher.class);

  private final ShareIndex index;
  private final TrackerFailover tracker;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("diztl-summary").daemon().factory());
  private TrackerLink sentTo;
  private long sentRegistration = -1;
  private long sentVersion = Long.MIN_VALUE;
  private TrackerLink notRouting;
  private final CostPacer pacer = new CostPacer(COST_FACTOR);

  /** A publisher that checks only when {@link #check()} is called (tests); see {@link #start}. */
  SummaryPublisher(ShareIndex index, TrackerFailover tracker) {
    this.index = index;
    this.tracker = tracker;
  }

  /** Starts keeping {@code tracker}'s copy of the summary of {@code index} current. */
  public static SummaryPublisher start(ShareIndex index, TrackerFailover tracker) {
    SummaryPublisher publisher =
        new SummaryPublisher(
            Objects.requireNonNull(index, "index"), Objects.requireNonNull(tracker, "tracker"));
    publisher.scheduler.scheduleWithFixedDelay(
        publisher::check, 0, CHECK.toMillis(), TimeUnit.MILLISECONDS);
    return publisher;
  }

  /** Sends a new summary when one is due (see the class comment); never throws. */
  void check() {
    try {
      TrackerLink link = tracker.active();
      long registration = link.registrations();
      if (registration == 0 || link == notRouting || !link.connected()) {
        return;
      }
      boolean sentToThis = link == sentTo && registration == sentRegistration;
      if (!sentToThis && index.filesScanned() >= 0) {
        return; // the first reconcile runs: the tracker asks this node every search meanwhile
      }
      long version = index.version();
      if (sentToThis && version == sentVersion) {
        return;
      }
      long start = System.nanoTime();
      if (sentToThis && !pacer.isDue(start)) {
        return; // only the index changed, and the last summary was built too recently
      }
      RoutingTerms terms = index.routingTerms();
      Set<String> keys = new HashSet<>();
      RoutingKeys.ofShare(terms, keys::add);
      ByteString summary = ShareSummary.of(keys).toByteString();
      pacer.ran(start, System.nanoTime());
      link.publishSummary(summary);
      sentTo = link;
      sentRegistration = registration;
      sentVersion = terms.version();
      LOG.debug("share summary of {} keys sent to tracker {}", keys.size(), link.address());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        notRouting = tracker.active();
        LOG.info("tracker {} does not route searches: no share summary sent", tracker.address());
      } else {
        LOG.debug("share summary not sent: {}", GrpcErrors.describe(e));
      }
    } catch (RuntimeException e) {
      LOG.warn("share summary not sent: {}", e.toString(), e);
    }
  }

  /** Stops, waiting a bounded time for a summary being built or sent. */
  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("share summary thread did not stop in time");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
