package io.diztl.tracker.internal;

import io.diztl.metrics.AnswerTimes;
import io.diztl.proto.v1.NodeOutcome;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.TrackerGrpc;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;

/**
 * The tracker's meters (all named {@code diztl.tracker.*}): the nodes live, the searches it relayed
 * by the status they ended with, and how long each node took to answer them, read from the
 * summaries the relay sends. It counts as an interceptor of the tracker service, so the registry
 * and the relay need no hooks. Closing it removes its meters from the registry.
 */
public final class TrackerMetrics implements ServerInterceptor, AutoCloseable {

  private static final String SEARCH = TrackerGrpc.getSearchMethod().getFullMethodName();

  private final MeterRegistry registry;
  private final List<Meter> meters = new CopyOnWriteArrayList<>();
  private final Map<Status.Code, Counter> relayed = new ConcurrentHashMap<>();
  private final Map<NodeOutcome.State, Timer> answerTimes = new EnumMap<>(NodeOutcome.State.class);

  /** The meters of a tracker on {@code registry}; {@code liveNodes} counts its live nodes. */
  public TrackerMetrics(MeterRegistry registry, IntSupplier liveNodes) {
    this.registry = registry;
    meters.add(
        Gauge.builder("diztl.tracker.nodes.live", liveNodes, IntSupplier::getAsInt)
            .description("Nodes registered and heard from within their time-to-live")
            .strongReference(true)
            .register(registry));
    // A skipped node was not asked: it has no answer time.
    for (NodeOutcome.State state :
        List.of(
            NodeOutcome.State.STATE_ANSWERED,
            NodeOutcome.State.STATE_FAILED,
            NodeOutcome.State.STATE_TIMED_OUT)) {
      Timer timer =
          Timer.builder("diztl.tracker.node.answer")
              .description("How long each node took to answer a relayed search")
              .tag("state", state.name().substring("STATE_".length()).toLowerCase(Locale.ROOT))
              .serviceLevelObjectives(AnswerTimes.buckets())
              .register(registry);
      meters.add(timer);
      answerTimes.put(state, timer);
    }
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (!call.getMethodDescriptor().getFullMethodName().equals(SEARCH)) {
      return next.startCall(call, headers);
    }
    return next.startCall(
        new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
          @Override
          public void sendMessage(R message) {
            if (message instanceof SearchEvent event && event.hasSummary()) {
              for (NodeOutcome outcome : event.getSummary().getOutcomesList()) {
                Timer timer = answerTimes.get(outcome.getState());
                if (timer != null) {
                  timer.record(Duration.ofMillis(outcome.getElapsedMillis()));
                }
              }
            }
            super.sendMessage(message);
          }

          @Override
          public void close(Status status, Metadata trailers) {
            relayed.computeIfAbsent(status.getCode(), TrackerMetrics.this::relayed).increment();
            super.close(status, trailers);
          }
        },
        headers);
  }

  private Counter relayed(Status.Code code) {
    Counter counter =
        Counter.builder("diztl.tracker.searches.relayed")
            .description("Searches the tracker relayed to its nodes, by the status they ended")
            .tag("status", code.name().toLowerCase(Locale.ROOT))
            .register(registry);
    meters.add(counter);
    return counter;
  }

  /** Removes the tracker's meters from the registry. */
  @Override
  public void close() {
    meters.forEach(registry::remove);
    meters.clear();
  }
}
