package io.diztl.proto;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many connections from 127.0.0.1 to a real server over TCP: those beyond the per-address cap are
 * closed, while a client from 127.0.0.2 is still served, and a closed connection frees its place.
 */
class ConnectionCapIT {

  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final List<ManagedChannel> channels = new ArrayList<>();
  private Server server;

  @BeforeEach
  void start() {
    server = Transport.plaintext().startServer("127.0.0.1", 0, executor, List.of(), List.of());
  }

  @AfterEach
  void stop() {
    channels.forEach(Transport::close);
    Transport.close(server);
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    executor.close();
  }

  @Test
  void connectionsBeyondTheCapFromOneAddressAreClosedAndOthersServed() {
    int cap = Transport.MAX_CONNECTIONS_PER_ADDRESS;
    List<ManagedChannel> flood = new ArrayList<>();
    for (int i = 0; i < cap; i++) {
      ManagedChannel channel = channelFrom("127.0.0.1");
      check(channel);
      flood.add(channel);
    }
    for (int i = 0; i < 5; i++) {
      ManagedChannel beyond = channelFrom("127.0.0.1");
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> check(beyond));
      // Closed with a GOAWAY that says why ("expected at most 128 connections from ..."), or cut
      // before the client read it.
      assertTrue(
          Set.of(Status.Code.INTERNAL, Status.Code.UNAVAILABLE).contains(e.getStatus().getCode()),
          e.getStatus().toString());
      Transport.close(beyond);
    }

    check(channelFrom("127.0.0.2"));
    flood.forEach(this::check);

    Transport.close(flood.getFirst());
    channels.remove(flood.getFirst());
    ManagedChannel again = channelFrom("127.0.0.1");
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try {
        check(again);
        break;
      } catch (StatusRuntimeException e) {
        if (System.nanoTime() > end) {
          throw e;
        }
        again = channelFrom("127.0.0.1");
      }
    }
  }

  private void check(ManagedChannel channel) {
    HealthGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance());
  }

  /** A plain-text channel to the server whose connections come from {@code source}. */
  private ManagedChannel channelFrom(String source) {
    InetSocketAddress local = new InetSocketAddress(source, 0);
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
            .usePlaintext()
            .eventLoopGroup(loop)
            .channelFactory(
                () ->
                    new NioSocketChannel() {
                      @Override
                      protected boolean doConnect(SocketAddress remote, SocketAddress unused)
                          throws Exception {
                        return super.doConnect(remote, local);
                      }
                    })
            .build();
    channels.add(channel);
    return channel;
  }
}
