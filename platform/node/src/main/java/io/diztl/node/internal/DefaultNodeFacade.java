package io.diztl.node.internal;

import io.diztl.api.SearchQuery;
import io.diztl.api.ui.Cancellable;
import io.diztl.api.ui.DownloadListener;
import io.diztl.api.ui.NodeEvent;
import io.diztl.api.ui.NodeFacade;
import io.diztl.api.ui.NodeStatus;
import io.diztl.api.ui.SearchListener;
import io.diztl.proto.v1.GetProgress;
import io.diztl.proto.v1.GetRequest;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.StatusResponse;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node as its plugins' user interfaces see it: searches and downloads go through the same
 * {@link NodeService} as the control API's, on the node's executor.
 */
public final class DefaultNodeFacade implements NodeFacade {

  private static final Logger LOG = LoggerFactory.getLogger(DefaultNodeFacade.class);

  private final NodeService node;
  private final Executor executor;

  /** Offers {@code node}, running searches and downloads on {@code executor}. */
  public DefaultNodeFacade(NodeService node, Executor executor) {
    this.node = node;
    this.executor = executor;
  }

  @Override
  public String nodeId() {
    return node.self().getNodeId();
  }

  @Override
  public NodeStatus status() {
    StatusResponse status = node.status();
    return new NodeStatus(
        status.getNodeId(),
        status.getTracker(),
        status.getTrackerConnected(),
        status.getFilesIndexed(),
        status.getBytesIndexed(),
        status.getFilesHashed(),
        status.getPeersOnline());
  }

  @Override
  public Cancellable search(String query, int limitPerNode, SearchListener listener) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(listener, "listener");
    SearchRequest request =
        SearchRequest.newBuilder()
            .setQuery(query)
            .setLimit(Math.clamp(limitPerNode, 0, SearchQuery.MAX_LIMIT))
            .build();
    ListenerSearchSink sink = new ListenerSearchSink(listener);
    run(() -> node.search(request, sink), () -> sink.failed("the node is stopping"));
    return sink;
  }

  @Override
  public Cancellable download(String ref, Path targetDir, DownloadListener listener) {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(listener, "listener");
    GetRequest request =
        GetRequest.newBuilder()
            .setRef(ref)
            .setTargetDir(targetDir == null ? "" : targetDir.toAbsolutePath().toString())
            .build();
    Context.CancellableContext context = Context.ROOT.withCancellation();
    run(
        () -> context.run(() -> node.get(request, new Progress(listener))),
        () -> listener.failed("the node is stopping"));
    return () -> context.cancel(null);
  }

  @Override
  public Cancellable subscribe(Consumer<NodeEvent> listener) {
    Objects.requireNonNull(listener, "listener");
    return node.events().subscribe(listener);
  }

  private void run(Runnable task, Runnable rejected) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      rejected.run();
    }
  }

  /** A download's progress for a user interface's listener. */
  private record Progress(DownloadListener listener) implements StreamObserver<GetProgress> {
    @Override
    public void onNext(GetProgress progress) {
      tell(
          () -> {
            if (progress.getDone()) {
              listener.completed(Path.of(progress.getPath()), progress.getSha256());
            } else {
              listener.progress(progress.getName(), progress.getReceived(), progress.getTotal());
            }
          });
    }

    @Override
    public void onError(Throwable t) {
      tell(() -> listener.failed(GrpcErrors.describe(t)));
    }

    @Override
    public void onCompleted() {}

    private static void tell(Runnable call) {
      try {
        call.run();
      } catch (RuntimeException e) {
        LOG.warn("a download listener failed: {}", e.toString(), e);
      }
    }
  }
}
