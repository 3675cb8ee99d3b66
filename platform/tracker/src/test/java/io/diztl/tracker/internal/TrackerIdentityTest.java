package io.diztl.tracker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.diztl.proto.Fingerprint;
import io.diztl.proto.PeerPin;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.HeartbeatRequest;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.RegisterRequest;
import io.diztl.proto.v1.TrackerGrpc;
import io.diztl.proto.v1.UnregisterRequest;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry calls act on the caller's identity, injected through the in-process transport. */
class TrackerIdentityTest {

  private static final String TRACKER = Fingerprint.of(new byte[] {0});
  private static final String ALICE = Fingerprint.of(new byte[] {1});
  private static final String MALLORY = Fingerprint.of(new byte[] {2});

  private final Deque<Runnable> cleanup = new ArrayDeque<>();
  private final PeerRegistry registry =
      new PeerRegistry(
          Duration.ofMinutes(1),
          System::nanoTime,
          node -> Transport.inProcess(TRACKER).channel(node.getHost(), node.getPort(), id -> {}));
  private int port;

  @BeforeEach
  void start() {
    TrackerGrpcService service =
        new TrackerGrpcService(
            registry,
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            Runnable::run,
            System::nanoTime,
            (task, delayNanos) -> new CompletableFuture<Void>());
    Server server =
        Transport.inProcess(TRACKER)
            .startServer("tracker", 0, Runnable::run, List.of(service.bindService()), List.of());
    cleanup.push(() -> Transport.close(server));
    port = server.getPort();
  }

  @AfterEach
  void stop() {
    cleanup.forEach(Runnable::run);
    registry.close();
  }

  private TrackerGrpc.TrackerBlockingStub as(String id) {
    ManagedChannel channel = Transport.inProcess(id).channel("tracker", port, PeerPin.of(TRACKER));
    cleanup.push(() -> Transport.close(channel));
    return TrackerGrpc.newBlockingStub(channel);
  }

  private static RegisterRequest registration(String id) {
    return RegisterRequest.newBuilder()
        .setNode(NodeInfo.newBuilder().setNodeId(id).setHost("alice.example").setPort(7401))
        .build();
  }

  @Test
  void anEmptyIdMeansTheCallersIdentity() {
    assertEquals(ALICE, as(ALICE).register(registration("")).getNode().getNodeId());
    as(ALICE).heartbeat(HeartbeatRequest.getDefaultInstance());
  }

  @Test
  void callsUnderAnotherNodesIdAreRefusedAndChangeNothing() {
    as(ALICE).register(registration(ALICE));

    for (Runnable call :
        List.<Runnable>of(
            () -> as(MALLORY).register(registration(ALICE)),
            () -> as(MALLORY).heartbeat(HeartbeatRequest.newBuilder().setNodeId(ALICE).build()),
            () ->
                as(MALLORY).unregister(UnregisterRequest.newBuilder().setNodeId(ALICE).build()))) {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
      assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode(), e.getMessage());
      assertEquals(
          "node_id "
              + ALICE
              + " is not the caller's identity "
              + MALLORY
              + " (from its TLS certificate): a node may act only under its own id",
          e.getStatus().getDescription());
    }
    assertEquals("alice.example", registry.live().getFirst().info().getHost());
  }
}
