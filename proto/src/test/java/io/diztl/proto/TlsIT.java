package io.diztl.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.proto.v1.PeerGrpc;
import io.diztl.proto.v1.SearchHit;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.SearchResponse;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Mutual TLS on 127.0.0.1: the server learns the caller's identity from the TLS session, and a
 * channel reaches only the server it pins.
 */
class TlsIT {

  private static final Duration DEADLINE = Duration.ofSeconds(10);

  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Identity serverIdentity = Identity.generate();
  private final Identity clientIdentity = Identity.generate();
  private Server server;
  private ManagedChannel channel;

  @AfterEach
  void stop() {
    if (channel != null) {
      Transport.close(channel);
    }
    if (server != null) {
      Transport.close(server);
    }
    executor.shutdownNow();
  }

  /** A peer service that answers with the caller's id as the name of its one hit. */
  private int startServer(Transport transport) {
    PeerGrpc.PeerImplBase echo =
        new PeerGrpc.PeerImplBase() {
          @Override
          public void search(SearchRequest request, StreamObserver<SearchResponse> out) {
            out.onNext(
                SearchResponse.newBuilder()
                    .addHits(SearchHit.newBuilder().setName(Transport.callerId().orElse("(none)")))
                    .build());
            out.onCompleted();
          }
        };
    server =
        transport.startServer("127.0.0.1", 0, executor, List.of(echo.bindService()), List.of());
    return server.getPort();
  }

  private String callerSeen() {
    return PeerGrpc.newBlockingStub(channel)
        .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
        .search(SearchRequest.getDefaultInstance())
        .getHits(0)
        .getName();
  }

  @Test
  void theServerSeesTheCallersIdentityFromTheSession() {
    int port = startServer(Transport.tls(serverIdentity));
    channel =
        Transport.tls(clientIdentity).channel("127.0.0.1", port, PeerPin.of(serverIdentity.id()));

    assertEquals(clientIdentity.id(), callerSeen());
  }

  @Test
  void aServerWithAnotherKeyAtThePinnedAddressIsRefused() {
    int port = startServer(Transport.tls(Identity.generate()));
    channel =
        Transport.tls(clientIdentity).channel("127.0.0.1", port, PeerPin.of(serverIdentity.id()));

    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, this::callerSeen);

    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.getMessage());
    assertTrue(
        Transport.describe(e).contains("expected the peer with identity " + serverIdentity.id()),
        Transport.describe(e));
  }

  @Test
  void aPlainTextClientCannotCallATlsServer() {
    int port = startServer(Transport.tls(serverIdentity));
    channel = Transport.plaintext().channel("127.0.0.1", port, PeerPin.of(serverIdentity.id()));

    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, this::callerSeen);

    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.getMessage());
  }

  @Test
  void aTlsClientCannotCallAPlainTextServer() {
    int port = startServer(Transport.plaintext());
    channel =
        Transport.tls(clientIdentity).channel("127.0.0.1", port, PeerPin.of(serverIdentity.id()));

    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, this::callerSeen);

    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.getMessage());
    assertEquals(
        "TLS handshake failed: the other side does not speak TLS (does it run with --insecure?)",
        Transport.describe(e));
  }

  @Test
  void plainTextCarriesNoIdentity() {
    int port = startServer(Transport.plaintext());
    channel = Transport.plaintext().channel("127.0.0.1", port, PeerPin.of(serverIdentity.id()));

    assertEquals("(none)", callerSeen());
  }

  @Test
  void probeProvesThePinnedIdentity() {
    int port = startServer(Transport.tls(serverIdentity));
    channel =
        Transport.tls(clientIdentity).channel("127.0.0.1", port, PeerPin.of(serverIdentity.id()));
    Transport.probe(channel, DEADLINE);

    try (Closing other =
        new Closing(
            Transport.tls(clientIdentity).channel("127.0.0.1", port, PeerPin.of("someone")))) {
      assertThrows(StatusRuntimeException.class, () -> Transport.probe(other.channel, DEADLINE));
    }
  }

  @Test
  void inProcessCallsCarryTheInjectedIdAndCheckThePin() {
    int port = startServer(Transport.inProcess("server-id"));
    channel = Transport.inProcess("caller-id").channel("127.0.0.1", port, PeerPin.of("server-id"));

    assertEquals("caller-id", callerSeen());

    try (Closing other =
        new Closing(
            Transport.inProcess("caller-id").channel("127.0.0.1", port, PeerPin.of("another")))) {
      StatusRuntimeException e =
          assertThrows(
              StatusRuntimeException.class, () -> Transport.probe(other.channel, DEADLINE));
      assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
    }
  }

  private record Closing(ManagedChannel channel) implements AutoCloseable {
    @Override
    public void close() {
      Transport.close(channel);
    }
  }
}
