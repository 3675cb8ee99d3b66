package io.diztl.node.internal.tracker;

import io.diztl.api.ui.Cancellable;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.ReportStandingMatchesRequest;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.SearchRouting;
import io.diztl.proto.v1.StandingQuery;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's link to one of several trackers of a cluster ({@code --tracker A,B,C}): it keeps one
 * {@link TrackerLink} at a time, and moves to the next tracker of the list by itself when the link
 * goes down, or when it has not come up within {@link #GIVE_UP_AFTER} and at least one attempt
 * failed (a slow first attempt is waited for: it ends within its deadline). Each tracker is tried
 * once per turn, so a network whose trackers are all down is tried at the pace of that bound, never
 * in a tight loop. With a single tracker it never moves.
 */
public final class TrackerFailover implements TrackerClient, StandingQueryLink, AutoCloseable {

  /** How long a tracker that has not come up is waited for before the next is tried. */
  static final Duration GIVE_UP_AFTER = Duration.ofSeconds(4);

  /** How often the link is looked at. */
  private static final Duration CHECK = Duration.ofMillis(500);

  private static final Logger LOG = LoggerFactory.getLogger(TrackerFailover.class);

  private final List<TrackerAddress> trackers;
  private final Function<TrackerAddress, TrackerLink> links;
  private final ScheduledExecutorService scheduler;
  private final LongSupplier nanoClock;
  private volatile BiConsumer<TrackerAddress, Boolean> connectivity = (address, up) -> {};
  private volatile Runnable registered = () -> {};
  private volatile TrackerLink active;
  private int index;
  private long waitingSinceNanos;
  private boolean closed;

  private TrackerFailover(
      List<TrackerAddress> trackers,
      Function<TrackerAddress, TrackerLink> links,
      LongSupplier nanoClock) {
    this.trackers = List.copyOf(trackers);
    this.links = links;
    this.nanoClock = nanoClock;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("diztl-tracker-failover").daemon().factory());
  }

  /**
   * Links to the first of {@code trackers} with links {@code links} opens (each starts registering
   * in the background), and moves along the list as trackers fail.
   *
   * @throws IllegalArgumentException when the list is empty
   */
  public static TrackerFailover start(
      List<TrackerAddress> trackers, Function<TrackerAddress, TrackerLink> links) {
    Objects.requireNonNull(links, "links");
    if (Objects.requireNonNull(trackers, "trackers").isEmpty()) {
      throw new IllegalArgumentException("at least one tracker is needed");
    }
    TrackerFailover failover = new TrackerFailover(trackers, links, System::nanoTime);
    synchronized (failover) {
      failover.open(0);
    }
    if (trackers.size() > 1) {
      failover.scheduler.scheduleWithFixedDelay(
          failover::check, CHECK.toMillis(), CHECK.toMillis(), TimeUnit.MILLISECONDS);
    }
    return failover;
  }

  /** The trackers it may link to, in the order it tries them. */
  public List<TrackerAddress> trackers() {
    return trackers;
  }

  /**
   * Tells {@code listener} each time the link to a tracker comes up ({@code true}) or goes down
   * ({@code false}), with that tracker's address.
   */
  public void onConnectivityChange(BiConsumer<TrackerAddress, Boolean> listener) {
    connectivity = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Runs {@code listener} after each registration with a tracker: the first, after a tracker
   * restart, after each move to another tracker, and at once when the node is registered already.
   */
  public void onRegistered(Runnable listener) {
    registered = Objects.requireNonNull(listener, "listener");
    active.onRegistered(this::registeredAgain);
  }

  /** The link in use now. */
  TrackerLink active() {
    return active;
  }

  @Override
  public TrackerAddress address() {
    return active.address();
  }

  @Override
  public boolean connected() {
    return active.connected();
  }

  @Override
  public Optional<String> refusal() {
    return active.refusal();
  }

  @Override
  public Optional<SearchRouting> searchRouting() {
    return active.searchRouting();
  }

  @Override
  public List<NodeInfo> listPeers() {
    return active.listPeers();
  }

  @Override
  public Cancellable search(
      SearchRequest request, Duration deadline, StreamObserver<SearchEvent> events) {
    return active.search(request, deadline, events);
  }

  @Override
  public StandingQuery register(StandingQuery query) {
    return active.register(query);
  }

  @Override
  public void cancel(String id) {
    active.cancel(id);
  }

  @Override
  public void report(ReportStandingMatchesRequest report) {
    active.report(report);
  }

  private void registeredAgain() {
    registered.run();
  }

  /** Must hold the lock. */
  private void open(int next) {
    index = next;
    waitingSinceNanos = nanoClock.getAsLong();
    TrackerLink link = links.apply(trackers.get(next));
    link.onConnectivityChange(up -> changed(link, up));
    link.onRegistered(this::registeredAgain);
    active = link;
  }

  private void changed(TrackerLink link, boolean up) {
    connectivity.accept(link.address(), up);
    if (!up && trackers.size() > 1) {
      try {
        scheduler.execute(() -> moveOn(link, "went down"));
      } catch (RejectedExecutionException e) {
        // closing
      }
    }
  }

  private void check() {
    TrackerLink link = active;
    boolean waitedEnough;
    synchronized (this) {
      waitedEnough = nanoClock.getAsLong() - waitingSinceNanos >= GIVE_UP_AFTER.toNanos();
    }
    if (!link.connected() && link.failures() > 0 && waitedEnough) {
      moveOn(link, "did not answer within " + GIVE_UP_AFTER.toSeconds() + " s");
    }
  }

  /** Replaces {@code failed}, if it is still the active link, by a link to the next tracker. */
  private void moveOn(TrackerLink failed, String why) {
    TrackerAddress next;
    synchronized (this) {
      if (closed || active != failed) {
        return;
      }
      next = trackers.get((index + 1) % trackers.size());
      LOG.info("tracker {} {}: moving to tracker {}", failed.address(), why, next);
      open((index + 1) % trackers.size());
    }
    failed.close();
  }

  /** Stops moving, and closes the active link (unregistering from its tracker). */
  @Override
  public void close() {
    TrackerLink last;
    synchronized (this) {
      closed = true;
      last = active;
    }
    scheduler.shutdownNow();
    last.close();
  }
}
