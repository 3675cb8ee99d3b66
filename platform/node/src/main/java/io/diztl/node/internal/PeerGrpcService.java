package io.diztl.node.internal;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.SearchQuery;
import io.diztl.index.IndexedFile;
import io.diztl.index.ShareIndex;
import io.diztl.node.internal.search.SearchMapping;
import io.diztl.node.internal.serve.CallPermits;
import io.diztl.node.internal.serve.FileServer;
import io.diztl.node.internal.serve.FolderServer;
import io.diztl.node.internal.serve.PeerLimits;
import io.diztl.node.internal.serve.PreviewServer;
import io.diztl.node.internal.watch.StandingPeerCalls;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.DeliverStandingMatchesRequest;
import io.diztl.proto.v1.DeliverStandingMatchesResponse;
import io.diztl.proto.v1.DownloadRequest;
import io.diztl.proto.v1.DownloadResponse;
import io.diztl.proto.v1.GetPiecesRequest;
import io.diztl.proto.v1.GetPiecesResponse;
import io.diztl.proto.v1.GetPreviewRequest;
import io.diztl.proto.v1.GetPreviewResponse;
import io.diztl.proto.v1.HoldStandingQueriesRequest;
import io.diztl.proto.v1.HoldStandingQueriesResponse;
import io.diztl.proto.v1.ListFolderRequest;
import io.diztl.proto.v1.ListFolderResponse;
import io.diztl.proto.v1.PeerGrpc;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.SearchResponse;
import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer service: searches this node's index, lists its folders and serves its files and their
 * previews, within the bounds of {@link PeerLimits}. Searches run on threads of their own, so a
 * flood of them cannot starve downloads and control calls, each for at most the time its caller
 * still waits.
 */
public final class PeerGrpcService
    implements PeerGrpc.AsyncService, BindableService, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PeerGrpcService.class);

  private static final Set<String> WRITTEN_BY_FILES =
      Set.of(
          PeerGrpc.getDownloadMethod().getFullMethodName(),
          PeerGrpc.getDownloadRangesMethod().getFullMethodName());

  private final ShareIndex index;
  private final FileServer files;
  private final FolderServer folders;
  private final PreviewServer previews;
  private final PeerLimits limits;
  private final CallPermits searchPermits;
  private final ThreadPoolExecutor searches;

  /** Set once the tracker link exists, after the peer server started. */
  private StandingPeerCalls standing; // guarded by this

  /** Standing queries the tracker sent before {@link #standing} was set. */
  private final List<Map.Entry<Optional<String>, HoldStandingQueriesRequest>> early =
      new ArrayList<>(); // guarded by this

  /**
   * Answers from {@code index}, serves files through {@code files} and previews through {@code
   * previews}, with the default limits.
   */
  public PeerGrpcService(ShareIndex index, FileServer files, PreviewServer previews) {
    this(index, files, previews, PeerLimits.DEFAULTS);
  }

  public PeerGrpcService(
      ShareIndex index, FileServer files, PreviewServer previews, PeerLimits limits) {
    this.index = index;
    this.files = files;
    this.folders = new FolderServer(index);
    this.previews = previews;
    this.limits = limits;
    this.searchPermits =
        new CallPermits(
            "searches", limits.searchesPerPeer(), limits.searchThreads() + limits.searchQueue());
    this.searches =
        new ThreadPoolExecutor(
            limits.searchThreads(),
            limits.searchThreads(),
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(limits.searchQueue()),
            Thread.ofPlatform().name("diztl-search-", 1).daemon().factory());
  }

  /**
   * The service, with each call's IP address known to the limits, and downloads written by {@link
   * FileServer#downloadMethod()} and {@link FileServer#downloadRangesMethod()}.
   */
  @Override
  public ServerServiceDefinition bindService() {
    ServerServiceDefinition generated = PeerGrpc.bindService(this);
    ServerServiceDefinition.Builder service =
        ServerServiceDefinition.builder(generated.getServiceDescriptor().getName());
    for (ServerMethodDefinition<?, ?> method : generated.getMethods()) {
      if (!WRITTEN_BY_FILES.contains(method.getMethodDescriptor().getFullMethodName())) {
        service.addMethod(method);
      }
    }
    service.addMethod(files.downloadMethod());
    service.addMethod(files.downloadRangesMethod());
    return ServerInterceptors.intercept(service.build(), new CallerAddress());
  }

  @Override
  public void search(SearchRequest request, StreamObserver<SearchResponse> responses) {
    SearchQuery query;
    try {
      query = SearchMapping.toQuery(request);
    } catch (DiztlException e) {
      responses.onError(
          Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    String peer = CallerAddress.current();
    try {
      searchPermits.acquire(peer);
    } catch (StatusException e) {
      LOG.debug("refused search {} from {}: {}", query, peer, e.getMessage());
      responses.onError(e);
      return;
    }
    Context call = Context.current();
    long arrived = System.nanoTime();
    try {
      searches.execute(
          call.wrap(
              () -> {
                try {
                  answer(query, responses, timeLimit(call, arrived), call);
                } finally {
                  searchPermits.release(peer);
                }
              }));
    } catch (RejectedExecutionException e) {
      searchPermits.release(peer);
      responses.onError(
          Status.RESOURCE_EXHAUSTED
              .withDescription("this node takes no more searches now; try again later")
              .asRuntimeException());
    }
  }

  /** What is left of the search time limit since the call arrived, and of the caller's deadline. */
  private Duration timeLimit(Context call, long arrived) {
    long nanos = limits.searchTimeLimit().toNanos() - (System.nanoTime() - arrived);
    Deadline deadline = call.getDeadline();
    if (deadline != null) {
      nanos = Math.min(nanos, deadline.timeRemaining(TimeUnit.NANOSECONDS));
    }
    return Duration.ofNanos(Math.max(0, nanos));
  }

  private void answer(
      SearchQuery query, StreamObserver<SearchResponse> responses, Duration limit, Context call) {
    List<IndexedFile> found;
    try {
      found = index.search(query, limit, call::isCancelled);
    } catch (DiztlException e) {
      if (e.kind() == ErrorKind.INTERNAL) {
        LOG.warn("search {} failed: {}", query, e.toString(), e);
        responses.onError(
            Status.INTERNAL
                .withDescription("search failed: " + e.getMessage())
                .asRuntimeException());
      } else {
        LOG.debug("search {} stopped: {}", query, e.getMessage());
        responses.onError(GrpcErrors.toStatus(e));
      }
      return;
    } catch (RuntimeException e) {
      LOG.warn("search {} failed: {}", query, e.toString(), e);
      responses.onError(
          Status.INTERNAL.withDescription("search failed: " + e.getMessage()).asRuntimeException());
      return;
    }
    LOG.debug("search {}: {} hits", query, found.size());
    SearchResponse.Builder response = SearchResponse.newBuilder();
    found.forEach(file -> response.addHits(SearchMapping.toHit(file)));
    responses.onNext(response.build());
    responses.onCompleted();
  }

  @Override
  public void listFolder(ListFolderRequest request, StreamObserver<ListFolderResponse> responses) {
    folders.list(request, responses);
  }

  @Override
  public void download(DownloadRequest request, StreamObserver<DownloadResponse> responses) {
    files.serve(request, responses);
  }

  @Override
  public void getPreview(GetPreviewRequest request, StreamObserver<GetPreviewResponse> responses) {
    previews.serve(request, responses);
  }

  @Override
  public void getPieces(GetPiecesRequest request, StreamObserver<GetPiecesResponse> responses) {
    files.servePieces(request, responses);
  }

  /**
   * Serves the standing-query calls of the tracker through {@code calls} from now on, after handing
   * it the queries that came before.
   */
  public synchronized void serveStandingQueries(StandingPeerCalls calls) {
    early.forEach(call -> calls.holdEarly(call.getKey(), call.getValue()));
    early.clear();
    standing = calls;
  }

  @Override
  public void holdStandingQueries(
      HoldStandingQueriesRequest request, StreamObserver<HoldStandingQueriesResponse> out) {
    StandingPeerCalls calls;
    synchronized (this) {
      calls = standing;
      if (calls == null) {
        early.add(Map.entry(Transport.callerId(), request));
      }
    }
    if (calls == null) {
      out.onNext(HoldStandingQueriesResponse.getDefaultInstance());
      out.onCompleted();
    } else {
      calls.hold(request, out);
    }
  }

  @Override
  public void deliverStandingMatches(
      DeliverStandingMatchesRequest request, StreamObserver<DeliverStandingMatchesResponse> out) {
    StandingPeerCalls calls;
    synchronized (this) {
      calls = standing;
    }
    if (calls == null) {
      out.onError(notReady());
    } else {
      calls.deliver(request, out);
    }
  }

  private static RuntimeException notReady() {
    return Status.UNAVAILABLE
        .withDescription("this node is still starting; try again")
        .asRuntimeException();
  }

  /** How many searches are admitted (running or waiting for a thread) now. */
  public int searchesAdmitted() {
    return searchPermits.inUse();
  }

  /** Stops the search threads and the download stall checks. */
  @Override
  public void close() {
    searches.shutdownNow();
    files.close();
  }
}
