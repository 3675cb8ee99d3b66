package io.diztl.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.proto.v1.PeerGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Generic gRPC tools can discover and health-check every diztl server. */
class TransportIT {

  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() {
    server =
        Transport.startServer(
            "127.0.0.1", 0, executor, List.of(new PeerGrpc.PeerImplBase() {}.bindService()), List.of());
    channel = Transport.channel("127.0.0.1", server.getPort());
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
        answer.getListServicesResponse().getServiceList().stream().map(ServiceResponse::getName).toList();
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
}
