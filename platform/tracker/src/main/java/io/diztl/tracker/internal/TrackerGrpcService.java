package io.diztl.tracker.internal;

import io.diztl.proto.v1.HeartbeatRequest;
import io.diztl.proto.v1.HeartbeatResponse;
import io.diztl.proto.v1.ListPeersRequest;
import io.diztl.proto.v1.ListPeersResponse;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.RegisterRequest;
import io.diztl.proto.v1.RegisterResponse;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.TrackerGrpc;
import io.diztl.proto.v1.UnregisterRequest;
import io.diztl.proto.v1.UnregisterResponse;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/** The tracker's gRPC service: registry upkeep and search relay. */
public final class TrackerGrpcService extends TrackerGrpc.TrackerImplBase {

  private final PeerRegistry registry;
  private final Duration heartbeatInterval;
  private final Duration searchDeadline;
  private final Executor executor;
  private final LongSupplier nanoClock;

  /**
   * Creates the service.
   *
   * @param registry the live nodes
   * @param heartbeatInterval how often nodes are told to send a heartbeat
   * @param searchDeadline how long a relayed search waits for each node
   * @param executor runs the callbacks of calls to nodes
   * @param nanoClock monotonic time in nanoseconds, such as {@code System::nanoTime}: times how
   *     long each node takes to answer a search
   */
  public TrackerGrpcService(
      PeerRegistry registry,
      Duration heartbeatInterval,
      Duration searchDeadline,
      Executor executor,
      LongSupplier nanoClock) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.heartbeatInterval = Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    this.searchDeadline = Objects.requireNonNull(searchDeadline, "searchDeadline");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
  }

  @Override
  public void register(RegisterRequest request, StreamObserver<RegisterResponse> out) {
    NodeInfo recorded;
    try {
      recorded = registry.register(request.getNode(), RemoteAddressInterceptor.currentHost());
    } catch (InvalidRequestException e) {
      out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    out.onNext(
        RegisterResponse.newBuilder()
            .setNode(recorded)
            .setHeartbeatIntervalMillis(heartbeatInterval.toMillis())
            .build());
    out.onCompleted();
  }

  @Override
  public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatResponse> out) {
    if (!registry.heartbeat(request.getNodeId())) {
      out.onError(
          Status.NOT_FOUND
              .withDescription("node " + request.getNodeId() + " is not registered; register again")
              .asRuntimeException());
      return;
    }
    out.onNext(HeartbeatResponse.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void unregister(UnregisterRequest request, StreamObserver<UnregisterResponse> out) {
    registry.unregister(request.getNodeId());
    out.onNext(UnregisterResponse.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void search(SearchRequest request, StreamObserver<SearchEvent> out) {
    try {
      RequestValidator.checkSearch(request);
    } catch (InvalidRequestException e) {
      out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    new SearchRelay(
            request,
            registry.live(),
            (ServerCallStreamObserver<SearchEvent>) out,
            searchDeadline,
            executor,
            nanoClock)
        .start();
  }

  @Override
  public void listPeers(ListPeersRequest request, StreamObserver<ListPeersResponse> out) {
    ListPeersResponse.Builder response = ListPeersResponse.newBuilder();
    registry
        .live()
        .forEach(
            node ->
                response.addNodes(
                    node.info().toBuilder()
                        .setHost(RemoteAddressInterceptor.hostForCaller(node.info().getHost()))));
    out.onNext(response.build());
    out.onCompleted();
  }
}
