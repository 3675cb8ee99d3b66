package io.diztl.node.internal;

import io.diztl.api.DiztlException;
import io.diztl.api.ui.NodeOutcome;
import io.diztl.api.ui.SearchSummary;
import io.diztl.index.IndexStats;
import io.diztl.index.ShareIndex;
import io.diztl.metrics.AnswerTimes;
import io.diztl.node.internal.search.NodeHits;
import io.diztl.node.internal.search.SearchSink;
import io.diztl.pluginhost.PluginHost;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * The node's meters (all named {@code diztl.*}): its users' searches and how long each node took to
 * answer them, the index (files, bytes, hashing and extraction backlogs), the plugins that failed,
 * and through {@link PeerTrafficMeter} the searches it served and the bytes it sent and received.
 * Closing it removes them from the registry.
 */
public final class NodeMetrics implements AutoCloseable {

  /** How long one reading of the index's counts serves the gauges of one scrape. */
  private static final long STATS_FRESH_NANOS = Duration.ofMillis(500).toNanos();

  private final MeterRegistry registry;
  private final List<Meter> meters = new CopyOnWriteArrayList<>();
  private final PeerTrafficMeter traffic;
  private final Counter searchesFinished;
  private final Counter searchesFailed;
  private final Map<NodeOutcome.State, Timer> answerTimes = new EnumMap<>(NodeOutcome.State.class);
  private final LongSupplier nanoClock;
  private IndexStats stats;
  private long statsRead;

  /** The meters of a node on {@code registry}; {@code nanoClock} paces the index readings. */
  public NodeMetrics(MeterRegistry registry, LongSupplier nanoClock) {
    this.registry = registry;
    this.nanoClock = nanoClock;
    this.traffic = new PeerTrafficMeter(registry, meters);
    this.searchesFinished = searches("finished");
    this.searchesFailed = searches("failed");
    // A skipped node was not asked: it has no answer time.
    for (NodeOutcome.State state :
        List.of(
            NodeOutcome.State.ANSWERED, NodeOutcome.State.FAILED, NodeOutcome.State.TIMED_OUT)) {
      Timer timer =
          Timer.builder("diztl.search.node.answer")
              .description("How long each node took to answer this node's searches")
              .tag("state", state.name().toLowerCase(Locale.ROOT))
              .serviceLevelObjectives(AnswerTimes.buckets())
              .register(registry);
      meters.add(timer);
      answerTimes.put(state, timer);
    }
  }

  private Counter searches(String outcome) {
    Counter counter =
        Counter.builder("diztl.searches")
            .description("Searches this node's users made, through the tracker or locally")
            .tag("outcome", outcome)
            .register(registry);
    meters.add(counter);
    return counter;
  }

  /** The interceptors that count the peer service's and the peer clients' calls. */
  public PeerTrafficMeter traffic() {
    return traffic;
  }

  /** Adds the gauges of {@code index}: files, bytes, and files waiting for hashing or metadata. */
  public void watch(ShareIndex index) {
    gauge("diztl.index.files", "Files in the index", index, i -> stats(i).files(), null);
    gauge("diztl.index.size", "Bytes of the indexed files", index, i -> stats(i).bytes(), "bytes");
    gauge(
        "diztl.index.hashing.backlog",
        "Indexed files whose content hash is not known yet",
        index,
        i -> stats(i).files() - stats(i).hashed(),
        null);
    gauge(
        "diztl.index.scanned",
        "Files the scan of the share under way has seen so far, 0 when none runs",
        index,
        i -> Math.max(0, i.filesScanned()),
        null);
    gauge(
        "diztl.index.extraction.backlog",
        "Files waiting for their metadata to be extracted",
        index,
        ShareIndex::filesAwaitingMetadata,
        null);
  }

  /** Adds the gauge of the plugins that failed to load or start. */
  public void watch(PluginHost plugins) {
    gauge(
        "diztl.plugins.failed",
        "Plugins that failed to load or start",
        plugins,
        p -> p.plugins().stream().filter(plugin -> "FAILED".equals(plugin.state())).count(),
        null);
  }

  /** {@code sink}, with each search and each node's answer time counted on the way. */
  public SearchSink observing(SearchSink sink) {
    return new SearchSink() {
      @Override
      public void results(NodeHits hits) {
        sink.results(hits);
      }

      @Override
      public void finished(SearchSummary summary) {
        searchesFinished.increment();
        for (NodeOutcome outcome : summary.outcomes()) {
          Timer timer = answerTimes.get(outcome.state());
          if (timer != null) {
            timer.record(Duration.ofMillis(outcome.elapsedMillis()));
          }
        }
        sink.finished(summary);
      }

      @Override
      public void failed(DiztlException error) {
        searchesFailed.increment();
        sink.failed(error);
      }
    };
  }

  private synchronized IndexStats stats(ShareIndex index) {
    long now = nanoClock.getAsLong();
    if (stats == null || now - statsRead > STATS_FRESH_NANOS) {
      stats = index.stats();
      statsRead = now;
    }
    return stats;
  }

  private <T> void gauge(
      String name, String help, T state, ToDoubleFunction<T> value, String baseUnit) {
    meters.add(
        Gauge.builder(name, state, value)
            .description(help)
            .baseUnit(baseUnit)
            .strongReference(true)
            .register(registry));
  }

  /** Removes this node's meters from the registry. */
  @Override
  public void close() {
    meters.forEach(registry::remove);
    meters.clear();
  }
}
