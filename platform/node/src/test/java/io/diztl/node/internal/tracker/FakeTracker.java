package io.diztl.node.internal.tracker;

import io.diztl.proto.Identity;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.HeartbeatRequest;
import io.diztl.proto.v1.HeartbeatResponse;
import io.diztl.proto.v1.ListPeersRequest;
import io.diztl.proto.v1.ListPeersResponse;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.RegisterRequest;
import io.diztl.proto.v1.RegisterResponse;
import io.diztl.proto.v1.RelayQuery;
import io.diztl.proto.v1.RelayReply;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.SearchRouting;
import io.diztl.proto.v1.TrackerGrpc;
import io.diztl.proto.v1.UnregisterRequest;
import io.diztl.proto.v1.UnregisterResponse;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A tracker on 127.0.0.1 that keeps nodes in memory and counts the calls it gets. */
final class FakeTracker extends TrackerGrpc.TrackerImplBase implements AutoCloseable {

  /** The identity every fake tracker presents. */
  static final Identity IDENTITY = Identity.generate();

  final AtomicInteger registers = new AtomicInteger();
  final AtomicInteger heartbeats = new AtomicInteger();
  final AtomicInteger unregisters = new AtomicInteger();
  final Map<String, NodeInfo> nodes = new ConcurrentHashMap<>();

  /** What Search streams back. */
  volatile List<SearchEvent> searchEvents = List.of();

  /** The search mode told in registration and heartbeat answers; null to tell none. */
  volatile SearchRouting searchRouting;

  /** Whether Search stays open after its events, until the caller cancels. */
  volatile boolean holdSearch;

  final CountDownLatch searchCancelled = new CountDownLatch(1);

  /** Whether Relay is served (else it is unimplemented, as in trackers before relay streams). */
  volatile boolean relays;

  /** Relay streams the nodes tried to open so far, and what they sent on them. */
  final AtomicInteger relayStreams = new AtomicInteger();

  final BlockingQueue<RelayReply> relayReplies = new LinkedBlockingQueue<>();

  /** The tracker's end of the newest relay stream. */
  volatile StreamObserver<RelayQuery> relay;

  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Server server;

  FakeTracker(int port) {
    this(port, IDENTITY);
  }

  FakeTracker(int port, Identity identity) {
    server =
        Transport.tls(identity)
            .startServer("127.0.0.1", port, executor, List.of(bindService()), List.of());
  }

  int port() {
    return server.getPort();
  }

  @Override
  public void register(RegisterRequest request, StreamObserver<RegisterResponse> response) {
    registers.incrementAndGet();
    NodeInfo node = request.getNode().toBuilder().setHost("127.0.0.1").build();
    nodes.put(node.getNodeId(), node);
    RegisterResponse.Builder answer =
        RegisterResponse.newBuilder().setNode(node).setHeartbeatIntervalMillis(200);
    SearchRouting routing = searchRouting;
    if (routing != null) {
      answer.setSearchRouting(routing);
    }
    response.onNext(answer.build());
    response.onCompleted();
  }

  @Override
  public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatResponse> response) {
    heartbeats.incrementAndGet();
    if (!nodes.containsKey(request.getNodeId())) {
      response.onError(Status.NOT_FOUND.withDescription("unknown node").asRuntimeException());
      return;
    }
    HeartbeatResponse.Builder answer = HeartbeatResponse.newBuilder();
    SearchRouting routing = searchRouting;
    if (routing != null) {
      answer.setSearchRouting(routing);
    }
    response.onNext(answer.build());
    response.onCompleted();
  }

  @Override
  public void unregister(UnregisterRequest request, StreamObserver<UnregisterResponse> response) {
    unregisters.incrementAndGet();
    nodes.remove(request.getNodeId());
    response.onNext(UnregisterResponse.getDefaultInstance());
    response.onCompleted();
  }

  @Override
  public void search(SearchRequest request, StreamObserver<SearchEvent> events) {
    if (holdSearch) {
      ((ServerCallStreamObserver<SearchEvent>) events)
          .setOnCancelHandler(searchCancelled::countDown);
      searchEvents.forEach(events::onNext);
      return;
    }
    searchEvents.forEach(events::onNext);
    events.onCompleted();
  }

  @Override
  public StreamObserver<RelayReply> relay(StreamObserver<RelayQuery> out) {
    relayStreams.incrementAndGet();
    if (!relays) {
      return super.relay(out);
    }
    relay = out;
    return new StreamObserver<>() {
      @Override
      public void onNext(RelayReply reply) {
        relayReplies.add(reply);
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        out.onCompleted();
      }
    };
  }

  @Override
  public void listPeers(ListPeersRequest request, StreamObserver<ListPeersResponse> response) {
    int size = request.getPageSize() == 0 ? 500 : Math.min(request.getPageSize(), 1000);
    List<NodeInfo> after =
        nodes.values().stream()
            .filter(node -> node.getNodeId().compareTo(request.getPageToken()) > 0)
            .sorted(Comparator.comparing(NodeInfo::getNodeId))
            .limit(size + 1L)
            .toList();
    ListPeersResponse.Builder page =
        ListPeersResponse.newBuilder().addAllNodes(after.subList(0, Math.min(size, after.size())));
    if (after.size() > size) {
      page.setNextPageToken(after.get(size - 1).getNodeId());
    }
    response.onNext(page.build());
    response.onCompleted();
  }

  @Override
  public void close() {
    Transport.close(server);
    executor.shutdown();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
