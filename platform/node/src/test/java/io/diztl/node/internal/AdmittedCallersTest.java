package io.diztl.node.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.ui.Cancellable;
import io.diztl.node.internal.tracker.TrackerAddress;
import io.diztl.node.internal.tracker.TrackerClient;
import io.diztl.proto.PeerPin;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.PeerGrpc;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.SearchResponse;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdmittedCallersTest {

  private static final String SELF = "node-self";
  private static final String TRACKER = "the-tracker";

  private final AtomicLong clock = new AtomicLong();
  private final AdmittedCallers guard = new AdmittedCallers(SELF, clock::get);
  private final List<String> listed = new ArrayList<>(List.of("admitted-peer"));
  private final AtomicInteger listings = new AtomicInteger();
  private final List<ManagedChannel> channels = new ArrayList<>();
  private Server server;

  private final TrackerClient tracker =
      new TrackerClient() {
        @Override
        public TrackerAddress address() {
          return new TrackerAddress("127.0.0.1", 7400, TRACKER);
        }

        @Override
        public boolean connected() {
          return true;
        }

        @Override
        public List<NodeInfo> listPeers() {
          listings.incrementAndGet();
          return listed.stream().map(id -> NodeInfo.newBuilder().setNodeId(id).build()).toList();
        }

        @Override
        public Cancellable search(
            SearchRequest request, Duration deadline, StreamObserver<SearchEvent> events) {
          throw new UnsupportedOperationException();
        }
      };

  @BeforeEach
  void start() {
    server =
        Transport.inProcess(SELF)
            .startServer(
                "admitted",
                0,
                Runnable::run,
                List.of(
                    new PeerGrpc.PeerImplBase() {
                      @Override
                      public void search(
                          SearchRequest request, StreamObserver<SearchResponse> out) {
                        out.onNext(SearchResponse.getDefaultInstance());
                        out.onCompleted();
                      }
                    }.bindService()),
                List.of(guard));
  }

  @AfterEach
  void stop() {
    channels.forEach(Transport::close);
    Transport.close(server);
  }

  private ManagedChannel channel(String caller) {
    ManagedChannel channel =
        Transport.inProcess(caller).channel("admitted", server.getPort(), PeerPin.of(SELF));
    channels.add(channel);
    return channel;
  }

  private Status.Code search(String caller) {
    try {
      PeerGrpc.newBlockingStub(channel(caller)).search(SearchRequest.getDefaultInstance());
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  @Test
  void beforeTheTrackerIsKnownOnlyTheNodeItselfIsServed() {
    assertEquals(Status.Code.OK, search(SELF));
    assertEquals(Status.Code.PERMISSION_DENIED, search(TRACKER));
    assertEquals(Status.Code.PERMISSION_DENIED, search("admitted-peer"));
  }

  @Test
  void servesTheTrackerAndTheNodesItListsAndRefusesOthersClearly() {
    guard.attach(tracker);

    assertEquals(Status.Code.OK, search(TRACKER));
    assertEquals(Status.Code.OK, search("admitted-peer"));
    StatusRuntimeException e =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                PeerGrpc.newBlockingStub(channel("stranger"))
                    .search(SearchRequest.getDefaultInstance()));
    assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("closed network"), e::getMessage);
    assertTrue(
        e.getStatus().getDescription().contains("stranger is not one of them"), e::getMessage);
  }

  @Test
  void unknownCallersMakeItAskTheTrackerAtMostOncePerRefresh() {
    guard.attach(tracker);
    assertEquals(Status.Code.OK, search("admitted-peer"));
    assertEquals(1, listings.get());

    for (int i = 0; i < 5; i++) {
      assertEquals(Status.Code.PERMISSION_DENIED, search("stranger-" + i));
    }
    assertEquals(1, listings.get());

    listed.add("newcomer");
    clock.addAndGet(AdmittedCallers.REFRESH.toNanos());
    assertEquals(Status.Code.OK, search("newcomer"));
    assertEquals(2, listings.get());
  }

  @Test
  void theHealthCheckAnswersAnyone() {
    Transport.probe(channel("stranger"), Duration.ofSeconds(5));
  }
}
