package io.diztl.node;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.node.internal.ControlFile;
import io.diztl.node.internal.ControlToken;
import io.diztl.node.internal.GrpcErrors;
import io.diztl.proto.GrpcWebClient;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.BrowseRequest;
import io.diztl.proto.v1.BrowseResponse;
import io.diztl.proto.v1.CancelWatchRequest;
import io.diztl.proto.v1.ControlGrpc;
import io.diztl.proto.v1.DownloadActionRequest;
import io.diztl.proto.v1.DownloadEntry;
import io.diztl.proto.v1.GetProgress;
import io.diztl.proto.v1.GetRequest;
import io.diztl.proto.v1.ListDownloadsRequest;
import io.diztl.proto.v1.ListDownloadsResponse;
import io.diztl.proto.v1.ListPeersRequest;
import io.diztl.proto.v1.ListPeersResponse;
import io.diztl.proto.v1.ListWatchesRequest;
import io.diztl.proto.v1.ListWatchesResponse;
import io.diztl.proto.v1.PluginsRequest;
import io.diztl.proto.v1.PluginsResponse;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.StatusRequest;
import io.diztl.proto.v1.StatusResponse;
import io.diztl.proto.v1.UiLinksRequest;
import io.diztl.proto.v1.WatchEvent;
import io.diztl.proto.v1.WatchRequest;
import io.grpc.CallOptions;
import io.grpc.ConnectivityState;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Talks to the control API of the node whose data folder is given, on 127.0.0.1 with the token that
 * node wrote there. Short calls (status, search, browse, lists, download actions) go over the
 * node's gRPC-Web listener, which needs no HTTP/2 stack and so costs a command-line process a
 * fraction of its start; downloads and watches, and every call to a node without that listener,
 * over a gRPC channel opened at its first use. Every failure surfaces as a {@link DiztlException}
 * with a message for the user and the kind the node's status code stands for; its cause, when the
 * node answered, is the {@link StatusRuntimeException}.
 */
public final class ControlClient implements AutoCloseable {

  private static final Duration STATUS_DEADLINE = Duration.ofSeconds(10);
  private static final Duration BROWSE_DEADLINE = Duration.ofSeconds(30);

  private final Path dataDir;
  private final ControlFile file;
  private final GrpcWebClient web;
  private ManagedChannel channel;
  private ControlGrpc.ControlBlockingStub stub;

  private ControlClient(Path dataDir, ControlFile file) {
    this.dataDir = dataDir;
    this.file = file;
    this.web =
        file.webPort() == 0
            ? null
            : new GrpcWebClient(
                "127.0.0.1", file.webPort(), Map.of(ControlToken.HEADER.name(), file.token()));
  }

  /**
   * Connects to the node that keeps its data in {@code dataDir}.
   *
   * @throws DiztlException when no node runs with that data folder
   */
  public static ControlClient connect(Path dataDir) {
    Path dir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
    ControlFile file = ControlFile.read(dir).orElseThrow(() -> notRunning(dir));
    if (ProcessHandle.of(file.pid()).isEmpty()) {
      throw notRunning(dir);
    }
    return new ControlClient(dir, file);
  }

  /** Searches the network through the node; results stream in as nodes answer, a summary last. */
  public Iterator<SearchEvent> search(SearchRequest request) {
    Objects.requireNonNull(request, "request");
    if (web == null) {
      return new Translating<>(call(() -> stub().search(request)));
    }
    return new Translating<>(
        call(() -> web.serverStreaming(ControlGrpc.getSearchMethod(), request)));
  }

  /** Downloads a search result through the node; the last progress message has done set. */
  public Iterator<GetProgress> get(GetRequest request) {
    Objects.requireNonNull(request, "request");
    return new Translating<>(call(() -> stub().get(request)));
  }

  /** Describes the node. */
  public StatusResponse status() {
    return unary(ControlGrpc.getStatusMethod(), StatusRequest.getDefaultInstance());
  }

  /** Lists the node's plugins, with their state, extensions and problems. */
  public PluginsResponse plugins() {
    return unary(ControlGrpc.getPluginsMethod(), PluginsRequest.getDefaultInstance());
  }

  /** One page of a folder of some node's share (this node's too), as that node lists it. */
  public BrowseResponse browse(BrowseRequest request) {
    Objects.requireNonNull(request, "request");
    return unary(ControlGrpc.getBrowseMethod(), request, BROWSE_DEADLINE);
  }

  /** The live nodes as the tracker lists them, this one included. */
  public ListPeersResponse listPeers() {
    return unary(ControlGrpc.getListPeersMethod(), ListPeersRequest.getDefaultInstance());
  }

  /** Fresh login addresses of the node's running user interfaces; empty when none offers one. */
  public List<String> uiLinks() {
    return unary(ControlGrpc.getUiLinksMethod(), UiLinksRequest.getDefaultInstance())
        .getUrlsList();
  }

  /**
   * Registers a standing query through the node (or attaches to one by id): the stream gives the
   * registration first, then each match as it arrives, until it is closed; the query stays
   * registered afterwards.
   */
  public WatchStream watch(WatchRequest request) {
    Objects.requireNonNull(request, "request");
    Context.CancellableContext context = Context.current().withCancellation();
    try {
      return new WatchStream(context, context.call(() -> stub().watch(request)));
    } catch (Exception e) {
      context.cancel(e);
      throw e instanceof StatusRuntimeException s
          ? translate(s)
          : new DiztlException(e.toString(), e);
    }
  }

  /** The node's standing queries. */
  public ListWatchesResponse listWatches() {
    return unary(ControlGrpc.getListWatchesMethod(), ListWatchesRequest.getDefaultInstance());
  }

  /** Ends one of the node's standing queries. */
  public void cancelWatch(String id) {
    Objects.requireNonNull(id, "id");
    unary(ControlGrpc.getCancelWatchMethod(), CancelWatchRequest.newBuilder().setId(id).build());
  }

  /** The node's downloads, newest first. */
  public ListDownloadsResponse listDownloads() {
    return unary(
        ControlGrpc.getListDownloadsMethod(), ListDownloadsRequest.getDefaultInstance());
  }

  /** Pauses one of the node's downloads. */
  public DownloadEntry pauseDownload(String id) {
    return unary(ControlGrpc.getPauseDownloadMethod(), action(id));
  }

  /** Resumes one of the node's downloads. */
  public DownloadEntry resumeDownload(String id) {
    return unary(ControlGrpc.getResumeDownloadMethod(), action(id));
  }

  /** Cancels one of the node's downloads, or forgets an ended one. */
  public void cancelDownload(String id) {
    unary(ControlGrpc.getCancelDownloadMethod(), action(id));
  }

  private <Q, R> R unary(MethodDescriptor<Q, R> method, Q request) {
    return unary(method, request, STATUS_DEADLINE);
  }

  /** A unary call over gRPC-Web when the node offers it, else over the channel. */
  private <Q, R> R unary(MethodDescriptor<Q, R> method, Q request, Duration deadline) {
    if (web != null) {
      return call(() -> web.unary(method, request, deadline));
    }
    ControlGrpc.ControlBlockingStub stub = stub();
    CallOptions options =
        stub.getCallOptions().withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    return call(() -> ClientCalls.blockingUnaryCall(stub.getChannel(), method, options, request));
  }

  /** The gRPC stub, its channel opened at the first call that needs it. */
  private synchronized ControlGrpc.ControlBlockingStub stub() {
    if (stub == null) {
      channel = Transport.clientChannel("127.0.0.1", file.port());
      stub =
          ControlGrpc.newBlockingStub(channel)
              .withInterceptors(ControlToken.clientInterceptor(file.token()));
    }
    return stub;
  }

  private static DownloadActionRequest action(String id) {
    return DownloadActionRequest.newBuilder().setId(Objects.requireNonNull(id, "id")).build();
  }

  @Override
  public synchronized void close() {
    if (channel != null) {
      Transport.close(channel);
    }
  }

  private <T> T call(Supplier<T> call) {
    try {
      return call.get();
    } catch (StatusRuntimeException e) {
      throw translate(e);
    }
  }

  /**
   * The user's view of a failed call: UNAVAILABLE without a connection means the node is gone (its
   * control file is stale); anything else carries the node's description.
   */
  private DiztlException translate(StatusRuntimeException e) {
    Status status = e.getStatus();
    if (status.getCode() == Status.Code.UNAVAILABLE && nothingListens(e)) {
      return notRunning(dataDir);
    }
    String description = status.getDescription();
    return new DiztlException(
        GrpcErrors.kind(status.getCode()),
        description == null || description.isBlank()
            ? "the node failed the call: " + status.getCode()
            : description,
        e);
  }

  /** Whether a call failed for want of a node to reach (its control file is stale). */
  private synchronized boolean nothingListens(StatusRuntimeException e) {
    if (e.getCause() instanceof ConnectException) {
      return true;
    }
    return channel != null && channel.getState(false) != ConnectivityState.READY;
  }

  private static DiztlException notRunning(Path dir) {
    return new DiztlException(
        ErrorKind.UNAVAILABLE,
        "no diztl node is running with data folder "
            + dir
            + " (start one with: diztl node --data "
            + dir
            + ")");
  }

  /** The events of one watch; closing it ends the call, not the standing query. */
  public final class WatchStream implements Iterator<WatchEvent>, AutoCloseable {
    private final Context.CancellableContext context;
    private final Iterator<WatchEvent> events;

    private WatchStream(Context.CancellableContext context, Iterator<WatchEvent> events) {
      this.context = context;
      this.events = new Translating<>(events);
    }

    @Override
    public boolean hasNext() {
      return events.hasNext();
    }

    @Override
    public WatchEvent next() {
      return events.next();
    }

    @Override
    public void close() {
      context.cancel(null);
    }
  }

  /** Turns the failures of a streamed call into {@link DiztlException}s. */
  private final class Translating<T> implements Iterator<T> {
    private final Iterator<T> delegate;

    Translating(Iterator<T> delegate) {
      this.delegate = delegate;
    }

    @Override
    public boolean hasNext() {
      return call(delegate::hasNext);
    }

    @Override
    public T next() {
      return call(delegate::next);
    }
  }
}
