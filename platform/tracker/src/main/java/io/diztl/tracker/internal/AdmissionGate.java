package io.diztl.tracker.internal;

import io.diztl.proto.Transport;
import io.diztl.proto.v1.TrackerGrpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * In a closed network, lets only admitted nodes (registered with a proof of the network key) call
 * {@code Search} and {@code ListPeers}: others get {@code PERMISSION_DENIED}. Registration calls
 * and the standard services pass: they check for themselves or reveal nothing of the network.
 */
public final class AdmissionGate implements ServerInterceptor {

  private static final Set<String> GUARDED =
      Set.of(
          TrackerGrpc.getSearchMethod().getFullMethodName(),
          TrackerGrpc.getListPeersMethod().getFullMethodName());

  private final Predicate<String> admitted;

  /** Guards with {@code admitted}, which tells whether a caller's id is registered now. */
  public AdmissionGate(Predicate<String> admitted) {
    this.admitted = Objects.requireNonNull(admitted, "admitted");
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (GUARDED.contains(call.getMethodDescriptor().getFullMethodName())
        && !Transport.callerId().map(admitted::test).orElse(false)) {
      call.close(
          Status.PERMISSION_DENIED.withDescription(
              KeyAdmission.NEEDS_KEY + ": only nodes registered with it may search and list peers"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return next.startCall(call, headers);
  }
}
