package io.diztl.node.internal;

import io.diztl.proto.v1.ControlGrpc;
import io.diztl.proto.v1.GetProgress;
import io.diztl.proto.v1.GetRequest;
import io.diztl.proto.v1.PluginsRequest;
import io.diztl.proto.v1.PluginsResponse;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.StatusRequest;
import io.diztl.proto.v1.StatusResponse;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/** The control API the command line drives a node through; the work is the node service's. */
public final class ControlGrpcService extends ControlGrpc.ControlImplBase {

  private final NodeService node;

  /** Serves {@code node}. */
  public ControlGrpcService(NodeService node) {
    this.node = node;
  }

  @Override
  public void search(SearchRequest request, StreamObserver<SearchEvent> events) {
    node.search(request, new CallerSink((ServerCallStreamObserver<SearchEvent>) events));
  }

  @Override
  public void get(GetRequest request, StreamObserver<GetProgress> progress) {
    node.get(request, progress);
  }

  @Override
  public void status(StatusRequest request, StreamObserver<StatusResponse> response) {
    response.onNext(node.status());
    response.onCompleted();
  }

  @Override
  public void plugins(PluginsRequest request, StreamObserver<PluginsResponse> response) {
    response.onNext(node.plugins());
    response.onCompleted();
  }

  /** A search's events for the control caller. */
  private record CallerSink(ServerCallStreamObserver<SearchEvent> caller) implements SearchSink {
    @Override
    public void event(SearchEvent event) {
      caller.onNext(event);
    }

    @Override
    public void failed(StatusRuntimeException error) {
      caller.onError(error);
    }

    @Override
    public void completed() {
      caller.onCompleted();
    }

    @Override
    public boolean cancelled() {
      return caller.isCancelled();
    }

    @Override
    public void onCancel(Runnable onCancel) {
      caller.setOnCancelHandler(onCancel);
    }
  }
}
