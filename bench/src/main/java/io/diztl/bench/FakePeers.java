package io.diztl.bench;

import io.diztl.proto.Fingerprint;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.FileType;
import io.diztl.proto.v1.HeartbeatRequest;
import io.diztl.proto.v1.HeartbeatResponse;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.PeerGrpc;
import io.diztl.proto.v1.RegisterRequest;
import io.diztl.proto.v1.RegisterResponse;
import io.diztl.proto.v1.RelayAnswer;
import io.diztl.proto.v1.RelayHello;
import io.diztl.proto.v1.RelayQuery;
import io.diztl.proto.v1.RelayReply;
import io.diztl.proto.v1.SearchHit;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.SearchResponse;
import io.diztl.proto.v1.TrackerGrpc;
import io.diztl.proto.v1.UnregisterRequest;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Many light nodes in this JVM, registered with one plain-text ({@code --insecure}) tracker, where
 * a node is whatever id it claims, and kept alive by heartbeats at the interval the tracker asks
 * for. A serving node is its own gRPC server on its own port that answers every search with one
 * hit; an id-only node has no server (enough to load a tracker). With a source of stream channels,
 * each serving node also opens its relay stream to the tracker after registering, on a connection
 * of its own as a real node does, and answers the searches sent on it the same way (a tracker
 * without relay streams refuses it, and asks the node's server).
 */
final class FakePeers implements AutoCloseable {

  private static final long TICK_MILLIS = 100;

  private final TrackerGrpc.TrackerBlockingStub blocking;
  private final TrackerGrpc.TrackerStub async;

  /**
   * Runs the simulated nodes' calls on the transport's threads: their answer never blocks, and a
   * thread hop per call would spend the CPU the tracker under test shares with this JVM.
   */
  private static final Executor DIRECT = Runnable::run;

  private final ScheduledExecutorService heartbeats =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "fake-peer-heartbeats"));
  private final List<NodeInfo> registered = new CopyOnWriteArrayList<>();
  private final List<Server> servers = new ArrayList<>();
  private final AtomicLong heartbeatFailures = new AtomicLong();
  private final Semaphore inFlight = new Semaphore(256);
  private final Supplier<ManagedChannel> streamChannels;
  private final List<ManagedChannel> opened = new ArrayList<>();
  private final AtomicInteger streamed = new AtomicInteger();
  private long tick;
  private long intervalMillis = 4_000;

  /** Shared by every instance, so that the peers of several trackers have distinct ids. */
  private static final AtomicInteger NEXT = new AtomicInteger();

  FakePeers(ManagedChannel tracker) {
    this(tracker, null);
  }

  /**
   * Nodes of the tracker on {@code tracker} whose serving nodes each open a relay stream on a
   * channel of {@code streamChannels} (none when null).
   */
  FakePeers(ManagedChannel tracker, Supplier<ManagedChannel> streamChannels) {
    this.streamChannels = streamChannels;
    this.blocking = TrackerGrpc.newBlockingStub(tracker);
    this.async = TrackerGrpc.newStub(tracker);
    heartbeats.scheduleAtFixedRate(this::beat, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Starts and registers serving nodes until there are {@code count}. */
  synchronized List<Server> serving(int count) {
    while (servers.size() < count) {
      Server server =
          Transport.plaintext()
              .startServer(
                  "127.0.0.1", 0, DIRECT, List.of(new Answering().bindService()), List.of());
      servers.add(server);
      NodeInfo node = register(server.getPort());
      if (streamChannels != null) {
        ManagedChannel channel = streamChannels.get();
        opened.add(channel);
        new Streaming(node.getNodeId(), streamed).open(channel);
      }
    }
    return List.copyOf(servers);
  }

  /** Starts and registers one more serving node, and returns it as registered. */
  synchronized NodeInfo serve() {
    Server server =
        Transport.plaintext()
            .startServer("127.0.0.1", 0, DIRECT, List.of(new Answering().bindService()), List.of());
    servers.add(server);
    return register(server.getPort());
  }

  /** Registers a node for a server this class does not run (dead, stalling, or none at all). */
  synchronized NodeInfo register(int port) {
    NodeInfo node =
        NodeInfo.newBuilder()
            .setNodeId(
                Fingerprint.of(
                    ("bench-" + NEXT.getAndIncrement()).getBytes(StandardCharsets.US_ASCII)))
            .setHost("127.0.0.1")
            .setPort(port)
            .setName("bench")
            .build();
    RegisterResponse response =
        blocking
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .register(RegisterRequest.newBuilder().setNode(node).build());
    intervalMillis = Math.max(TICK_MILLIS, response.getHeartbeatIntervalMillis());
    registered.add(node);
    return node;
  }

  /** Unregisters {@code node}; its heartbeats stop. */
  void unregister(NodeInfo node) {
    registered.remove(node);
    blocking
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .unregister(UnregisterRequest.newBuilder().setNodeId(node.getNodeId()).build());
  }

  /** How many serving nodes were sent a search on their relay stream so far. */
  int streamed() {
    return streamed.get();
  }

  /** Heartbeats that failed for other reasons than an unknown node. */
  long heartbeatFailures() {
    return heartbeatFailures.get();
  }

  /** Sends this tick's share of heartbeats, so that each node beats once per interval. */
  private void beat() {
    long slices = Math.max(1, intervalMillis / TICK_MILLIS);
    long slice = tick++ % slices;
    List<NodeInfo> nodes = registered;
    for (int i = 0; i < nodes.size(); i++) {
      if (i % slices == slice) {
        heartbeat(nodes.get(i));
      }
    }
  }

  private void heartbeat(NodeInfo node) {
    if (!inFlight.tryAcquire()) {
      heartbeatFailures.incrementAndGet();
      return;
    }
    async
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .heartbeat(
            HeartbeatRequest.newBuilder().setNodeId(node.getNodeId()).build(),
            new StreamObserver<HeartbeatResponse>() {
              @Override
              public void onNext(HeartbeatResponse value) {}

              @Override
              public void onError(Throwable t) {
                inFlight.release();
                if (Status.fromThrowable(t).getCode() == Status.Code.NOT_FOUND
                    && registered.contains(node)) {
                  async.register(RegisterRequest.newBuilder().setNode(node).build(), ignoring());
                } else {
                  heartbeatFailures.incrementAndGet();
                }
              }

              @Override
              public void onCompleted() {
                inFlight.release();
              }
            });
  }

  private static StreamObserver<RegisterResponse> ignoring() {
    return new StreamObserver<>() {
      @Override
      public void onNext(RegisterResponse value) {}

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    };
  }

  @Override
  public void close() {
    heartbeats.shutdownNow();
    servers.forEach(Transport::close);
    opened.forEach(Transport::close);
  }

  /** The last query a node answered, with its hit: every node answers the same one. */
  private static volatile QueryHit lastHit = new QueryHit("", SearchHit.getDefaultInstance());

  private record QueryHit(String query, SearchHit hit) {}

  /**
   * One hit named after the query, as every fake node answers; built once per query rather than
   * once per node, since it is the same for all of them.
   */
  private static SearchHit hit(SearchRequest request) {
    QueryHit last = lastHit;
    if (!last.query().equals(request.getQuery())) {
      last = new QueryHit(request.getQuery(), newHit(request));
      lastHit = last;
    }
    return last.hit();
  }

  private static SearchHit newHit(SearchRequest request) {
    return SearchHit.newBuilder()
        .setFileId("0123456789abcdef01234567")
        .setName(request.getQuery() + ".txt")
        .setPath("bench/" + request.getQuery() + ".txt")
        .setSize(1234)
        .setType(FileType.FILE_TYPE_DOCUMENT)
        .setModifiedMillis(1_700_000_000_000L)
        .build();
  }

  /**
   * A node's relay stream: says hello, then answers each search on it with one hit, on the
   * transport's thread. Its callbacks come one at a time, so it writes from one thread.
   */
  private static final class Streaming implements ClientResponseObserver<RelayReply, RelayQuery> {
    private final String nodeId;
    private final AtomicInteger streamed;
    private ClientCallStreamObserver<RelayReply> out;
    private boolean counted;

    Streaming(String nodeId, AtomicInteger streamed) {
      this.nodeId = nodeId;
      this.streamed = streamed;
    }

    void open(ManagedChannel channel) {
      TrackerGrpc.newStub(channel).withExecutor(DIRECT).relay(this);
      synchronized (this) {
        out.onNext(
            RelayReply.newBuilder().setHello(RelayHello.newBuilder().setNodeId(nodeId)).build());
      }
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<RelayReply> requests) {
      out = requests;
    }

    @Override
    public synchronized void onNext(RelayQuery query) {
      if (!counted) {
        counted = true;
        streamed.incrementAndGet();
      }
      out.onNext(
          RelayReply.newBuilder()
              .setAnswer(
                  RelayAnswer.newBuilder()
                      .setSearchId(query.getSearchId())
                      .addHits(hit(query.getRequest()))
                      .setDone(true))
              .build());
    }

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  }

  /** Answers every search with one hit named after the query. */
  private static final class Answering extends PeerGrpc.PeerImplBase {
    @Override
    public void search(SearchRequest request, StreamObserver<SearchResponse> responses) {
      responses.onNext(SearchResponse.newBuilder().addHits(hit(request)).build());
      responses.onCompleted();
    }
  }
}
