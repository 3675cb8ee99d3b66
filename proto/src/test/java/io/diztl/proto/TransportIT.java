package io.diztl.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.proto.v1.PeerGrpc;
import io.diztl.proto.v1.RelayQuery;
import io.diztl.proto.v1.RelayReply;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.SearchResponse;
import io.diztl.proto.v1.TrackerGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Generic gRPC tools can discover and health-check every diztl server, and every server holds to
 * the transport limits, over mutual TLS.
 */
class TransportIT {

  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Queue<StreamObserver<SearchResponse>> held = new ConcurrentLinkedQueue<>();
  private final Identity serverIdentity = Identity.generate();
  private final Transport client = Transport.tls(Identity.generate());
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() {
    PeerGrpc.PeerImplBase holding =
        new PeerGrpc.PeerImplBase() {
          @Override
          public void search(SearchRequest request, StreamObserver<SearchResponse> out) {
            held.add(out);
          }
        };
    server =
        Transport.tls(serverIdentity)
            .startServer("127.0.0.1", 0, executor, List.of(holding.bindService()), List.of());
    channel = client.channel("127.0.0.1", server.getPort(), PeerPin.of(serverIdentity.id()));
  }

  @AfterEach
  void stop() {
    Transport.close(channel);
    Transport.close(server);
    executor.shutdownNow();
  }

  @Test
  void reflectionListsTheDiztlService() throws InterruptedException {
    LinkedBlockingQueue<ServerReflectionResponse> answers = new LinkedBlockingQueue<>();
    StreamObserver<ServerReflectionRequest> requests =
        ServerReflectionGrpc.newStub(channel)
            .serverReflectionInfo(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ServerReflectionResponse value) {
                    answers.add(value);
                  }

                  @Override
                  public void onError(Throwable t) {}

                  @Override
                  public void onCompleted() {}
                });
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    ServerReflectionResponse answer = answers.poll(10, TimeUnit.SECONDS);
    requests.onCompleted();

    List<String> services =
        answer.getListServicesResponse().getServiceList().stream()
            .map(ServiceResponse::getName)
            .toList();
    assertTrue(services.contains("diztl.v1.Peer"), services::toString);
  }

  @Test
  void healthServiceSaysServing() {
    HealthCheckResponse health =
        HealthGrpc.newBlockingStub(channel)
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .check(HealthCheckRequest.getDefaultInstance());
    assertEquals(HealthCheckResponse.ServingStatus.SERVING, health.getStatus());
  }

  @Test
  void channelWithoutRetryServesAndStillPinsTheServer() {
    ManagedChannel unretried =
        client.channelWithoutRetry("127.0.0.1", server.getPort(), PeerPin.of(serverIdentity.id()));
    ManagedChannel otherPin =
        client.channelWithoutRetry(
            "127.0.0.1", server.getPort(), PeerPin.of(Identity.generate().id()));
    try {
      HealthCheckResponse health =
          HealthGrpc.newBlockingStub(unretried)
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .check(HealthCheckRequest.getDefaultInstance());
      assertEquals(HealthCheckResponse.ServingStatus.SERVING, health.getStatus());

      StatusRuntimeException e =
          assertThrows(
              StatusRuntimeException.class,
              () ->
                  HealthGrpc.newBlockingStub(otherPin)
                      .withDeadlineAfter(10, TimeUnit.SECONDS)
                      .check(HealthCheckRequest.getDefaultInstance()));
      assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.getMessage());
    } finally {
      Transport.close(unretried);
      Transport.close(otherPin);
    }
  }

  @Test
  void methodsOnTransportThreadsRunThereWithTheCallerKnown() throws InterruptedException {
    String relay = TrackerGrpc.getRelayMethod().getFullMethodName();
    Server direct = relayServer(Set.of(relay));
    Server handedOff = relayServer(Set.of());
    try {
      // A stream's first messages may come with its start, on the executor; later ones not.
      assertEquals(
          List.of("transport", "transport"),
          relayThreads(direct).subList(1, 3),
          "the second and third messages");
      assertEquals(List.of("virtual", "virtual"), relayThreads(handedOff).subList(1, 3));
    } finally {
      Transport.close(direct);
      Transport.close(handedOff);
    }
  }

  /** A server whose {@code Tracker.Relay} records on which thread, for which caller, it ran. */
  private Server relayServer(Set<String> onTransportThreads) {
    TrackerGrpc.TrackerImplBase recording =
        new TrackerGrpc.TrackerImplBase() {
          @Override
          public StreamObserver<RelayReply> relay(StreamObserver<RelayQuery> out) {
            String caller = Transport.callerId().orElse("nobody");
            return new StreamObserver<>() {
              @Override
              public void onNext(RelayReply reply) {
                String thread = Thread.currentThread().isVirtual() ? "virtual" : "transport";
                out.onNext(
                    RelayQuery.newBuilder()
                        .setRequest(SearchRequest.newBuilder().setQuery(thread + " " + caller))
                        .build());
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onCompleted() {
                out.onCompleted();
              }
            };
          }
        };
    return Transport.tls(serverIdentity)
        .startServer(
            "127.0.0.1",
            0,
            executor,
            List.of(recording.bindService()),
            List.of(),
            onTransportThreads);
  }

  /**
   * Sends three messages one after the other on a relay stream to {@code server}, and returns on
   * which thread each was handled there, after checking it knew the caller.
   */
  private List<String> relayThreads(Server server) throws InterruptedException {
    ManagedChannel to =
        client.channel("127.0.0.1", server.getPort(), PeerPin.of(serverIdentity.id()));
    LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
    try {
      StreamObserver<RelayReply> replies =
          TrackerGrpc.newStub(to)
              .relay(
                  new StreamObserver<>() {
                    @Override
                    public void onNext(RelayQuery query) {
                      seen.add(query.getRequest().getQuery());
                    }

                    @Override
                    public void onError(Throwable t) {}

                    @Override
                    public void onCompleted() {}
                  });
      List<String> threads = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        replies.onNext(RelayReply.getDefaultInstance());
        String[] answer = seen.poll(10, TimeUnit.SECONDS).split(" ");
        assertEquals(client.id().orElseThrow(), answer[1]);
        threads.add(answer[0]);
      }
      replies.onCompleted();
      return threads;
    } finally {
      Transport.close(to);
    }
  }

  @Test
  void requestOverTheLimitIsRefusedAndTheConnectionStillServes() {
    SearchRequest huge =
        SearchRequest.newBuilder().setQuery("q".repeat(Transport.MAX_REQUEST_BYTES)).build();

    StatusRuntimeException e =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                PeerGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .search(huge));

    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), e.getMessage());
    assertTrue(held.isEmpty(), "the service never saw it");
    healthServiceSaysServing();
  }

  @Test
  void oneConnectionRunsAtMost64CallsAtOnce() throws InterruptedException {
    int calls = Transport.MAX_CALLS_PER_CONNECTION + 6;
    CountDownLatch ended = new CountDownLatch(calls);
    PeerGrpc.PeerStub stub = PeerGrpc.newStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    for (int i = 0; i < calls; i++) {
      stub.search(
          SearchRequest.getDefaultInstance(),
          new StreamObserver<>() {
            @Override
            public void onNext(SearchResponse value) {}

            @Override
            public void onError(Throwable t) {
              ended.countDown();
            }

            @Override
            public void onCompleted() {
              ended.countDown();
            }
          });
    }
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (held.size() < Transport.MAX_CALLS_PER_CONNECTION && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    Thread.sleep(300);
    assertEquals(Transport.MAX_CALLS_PER_CONNECTION, held.size(), "the rest wait for a stream");

    long answered = 0;
    while (answered < calls && System.nanoTime() < until) {
      StreamObserver<SearchResponse> call = held.poll();
      if (call == null) {
        Thread.sleep(10);
        continue;
      }
      call.onNext(SearchResponse.getDefaultInstance());
      call.onCompleted();
      answered++;
    }
    assertTrue(ended.await(20, TimeUnit.SECONDS), "every call ends once streams free up");
  }
}
