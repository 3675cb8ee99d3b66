package io.diztl.node.internal;

import io.diztl.api.DiztlException;
import io.diztl.node.internal.tracker.TrackerClient;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.NodeInfo;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * A closed network's guard on a node's peer port: serves only this node, its tracker (which relays
 * searches and checks the node's address) and the nodes that tracker lists, which proved the
 * network key to it. Anyone else gets {@code PERMISSION_DENIED}, except for the standard health
 * check, which says only that the node serves: the tracker checks a registering node's address with
 * it before the node knows the tracker's identity. The tracker's list is asked for again when an
 * unknown caller comes, at most once per {@link #REFRESH}, so strangers cannot make the node flood
 * its tracker; a node that left stays served until the next refresh.
 */
public final class AdmittedCallers implements ServerInterceptor {

  /** Least time between two look-ups of the tracker's list. */
  static final Duration REFRESH = Duration.ofSeconds(2);

  /** The standard health check's method, as every gRPC implementation names it. */
  private static final String HEALTH_CHECK = "grpc.health.v1.Health/Check";

  private final String selfId;
  private final LongSupplier nanoClock;
  private volatile TrackerClient tracker;
  private volatile Set<String> admitted = Set.of();
  private long refreshedAt;
  private boolean refreshed;

  /**
   * A guard for the node {@code selfId}.
   *
   * @param nanoClock monotonic time in nanoseconds, such as {@code System::nanoTime}
   */
  public AdmittedCallers(String selfId, LongSupplier nanoClock) {
    this.selfId = Objects.requireNonNull(selfId, "selfId");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
  }

  /** Starts admitting the tracker and the nodes it lists; until then only this node is served. */
  public void attach(TrackerClient trackerClient) {
    this.tracker = Objects.requireNonNull(trackerClient, "trackerClient");
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (call.getMethodDescriptor().getFullMethodName().equals(HEALTH_CHECK)) {
      return next.startCall(call, headers);
    }
    String caller = Transport.callerId().orElse("");
    Status refusal;
    try {
      refusal = admits(caller) ? null : Status.PERMISSION_DENIED.withDescription(refusal(caller));
    } catch (DiztlException e) {
      refusal =
          Status.UNAVAILABLE.withDescription(
              "this node of a closed network cannot check the caller with its tracker: "
                  + e.getMessage());
    }
    if (refusal != null) {
      call.close(refusal, new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return next.startCall(call, headers);
  }

  private boolean admits(String caller) {
    TrackerClient link = tracker;
    if (caller.equals(selfId)) {
      return true;
    }
    if (link == null || caller.isEmpty()) {
      return false;
    }
    if (caller.equals(link.address().fingerprint()) || admitted.contains(caller)) {
      return true;
    }
    synchronized (this) {
      long now = nanoClock.getAsLong();
      if (!refreshed || now - refreshedAt >= REFRESH.toNanos()) {
        refreshed = true;
        refreshedAt = now;
        admitted =
            link.listPeers().stream()
                .map(NodeInfo::getNodeId)
                .collect(Collectors.toUnmodifiableSet());
      }
      return admitted.contains(caller);
    }
  }

  private static String refusal(String caller) {
    return "this node belongs to a closed network and serves only the nodes its tracker admitted"
        + " (with the network key); "
        + (caller.isEmpty() ? "the caller has no identity" : caller + " is not one of them");
  }
}
