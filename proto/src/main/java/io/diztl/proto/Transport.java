package io.diztl.proto;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Builds every gRPC server and channel of diztl, so that transport settings (message limits, flow
 * control, keep-alive and, later, TLS) live in one place.
 */
public final class Transport {

  /** Largest message either side accepts; a download chunk is at most {@link #MAX_CHUNK_BYTES}. */
  public static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

  /** Largest data chunk a node sends in one download message. */
  public static final int MAX_CHUNK_BYTES = 4 * 1024 * 1024;

  /** Per-stream flow-control window; large windows keep bulk transfers from stalling. */
  private static final int FLOW_CONTROL_WINDOW = 16 * 1024 * 1024;

  private Transport() {}

  /**
   * Starts a server bound to {@code host:port} (port 0 picks a free one) that runs calls on {@code
   * executor}. Besides {@code services}, which {@code interceptors} guard, it offers gRPC server
   * reflection and the standard health service.
   */
  public static Server startServer(
      String host,
      int port,
      Executor executor,
      List<ServerServiceDefinition> services,
      List<ServerInterceptor> interceptors) {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(executor, "executor");
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
            .executor(executor)
            .maxInboundMessageSize(MAX_MESSAGE_BYTES)
            .flowControlWindow(FLOW_CONTROL_WINDOW)
            .permitKeepAliveTime(10, TimeUnit.SECONDS)
            .permitKeepAliveWithoutCalls(true);
    for (ServerServiceDefinition service : services) {
      builder.addService(ServerInterceptors.intercept(service, interceptors));
    }
    // Standard services, so that generic tools (grpcurl, grpc_health_probe, load balancers) can
    // discover the API and check liveness without diztl's .proto files.
    builder.addService(ProtoReflectionServiceV1.newInstance());
    builder.addService(new HealthStatusManager().getHealthService());
    try {
      return builder.build().start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  /** Opens a channel to {@code host:port}; the caller closes it. */
  public static ManagedChannel channel(String host, int port) {
    Objects.requireNonNull(host, "host");
    return NettyChannelBuilder.forAddress(host, port)
        .usePlaintext()
        .maxInboundMessageSize(MAX_MESSAGE_BYTES)
        .flowControlWindow(FLOW_CONTROL_WINDOW)
        .keepAliveTime(30, TimeUnit.SECONDS)
        .build();
  }

  /**
   * Opens a channel for a process that makes a few calls and exits, such as the command line: it
   * has one I/O thread of its own instead of gRPC's shared ones, and {@link #close(ManagedChannel)}
   * stops that thread. The JVM waits up to 300 ms at exit for threads blocked in native code such
   * as an idle event loop, and gRPC keeps its shared loops for a second after the last channel.
   */
  public static ManagedChannel clientChannel(String host, int port) {
    Objects.requireNonNull(host, "host");
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("diztl-client", true), NioIoHandler.newFactory());
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(new InetSocketAddress(host, port))
            .eventLoopGroup(group)
            .channelType(NioSocketChannel.class)
            .usePlaintext()
            .maxInboundMessageSize(MAX_MESSAGE_BYTES)
            .flowControlWindow(FLOW_CONTROL_WINDOW)
            .keepAliveTime(30, TimeUnit.SECONDS)
            .build();
    return new OwnedLoopChannel(channel, group);
  }

  /** Shuts a channel down, waiting a bounded time before forcing it closed. */
  public static void close(ManagedChannel channel) {
    channel.shutdown();
    try {
      if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Stops a server, waiting a bounded time for calls in flight before cancelling them. */
  public static void close(Server server) {
    server.shutdown();
    try {
      if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
        server.shutdownNow();
        server.awaitTermination(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
