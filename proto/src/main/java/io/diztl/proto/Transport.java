package io.diztl.proto;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
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
 *
 * <p>The limits are chosen against hostile peers (grpc-java 1.85 defaults in brackets): a server
 * takes requests of at most {@value #MAX_REQUEST_BYTES} bytes [4 MiB], headers of at most {@value
 * #MAX_METADATA_BYTES} bytes [8 KiB], {@value #MAX_CALLS_PER_CONNECTION} calls at once per
 * connection [unlimited], {@value #MAX_RST_FRAMES} stream resets per {@value #RST_WINDOW_SECONDS} s
 * [unlimited], and closes connections that do not finish the HTTP/2 handshake within {@value
 * #HANDSHAKE_SECONDS} s [120 s] or stay without calls for {@value #IDLE_MINUTES} min [never].
 */
public final class Transport {

  /**
   * Largest message a channel accepts: a download chunk ({@link #MAX_CHUNK_BYTES}) or a search
   * answer, with room for framing.
   */
  public static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

  /** Largest data chunk a node sends in one download message. */
  public static final int MAX_CHUNK_BYTES = 4 * 1024 * 1024;

  /**
   * Largest message a server accepts. Every diztl call sends one small request (a query of at most
   * 4 KiB, a node description, a file id) and streams only answers, so 1 MiB is far above any
   * honest request while a hostile one costs little memory.
   */
  public static final int MAX_REQUEST_BYTES = 1024 * 1024;

  /**
   * Largest header block either side accepts. diztl sends only gRPC's standard headers (well under
   * 1 KiB); this is gRPC's default, made explicit so an upgrade cannot change it.
   */
  public static final int MAX_METADATA_BYTES = 8 * 1024;

  /**
   * Calls at once on one connection, past which a client's new calls wait (HTTP/2
   * MAX_CONCURRENT_STREAMS): a node runs a few downloads and searches per peer, so 64 leaves room
   * while one connection cannot pin thousands of streams. Per-peer download and search caps are the
   * services' business.
   */
  public static final int MAX_CALLS_PER_CONNECTION = 64;

  /**
   * Stream resets a client may send per {@link #RST_WINDOW_SECONDS} before its connection is
   * closed: HTTP/2 "rapid reset" protection (CVE-2023-44487), which grpc-java leaves off by
   * default. Honest clients cancel a handful of calls a second at most.
   */
  static final int MAX_RST_FRAMES = 200;

  static final int RST_WINDOW_SECONDS = 10;

  /** Time a new connection has to complete the HTTP/2 (later TLS) handshake. */
  static final int HANDSHAKE_SECONDS = 10;

  /**
   * A connection without calls for this long is closed with a GOAWAY (a client reconnects when it
   * needs to), so idle connections cannot pile up and use up file descriptors.
   */
  static final int IDLE_MINUTES = 5;

  /**
   * How often a client pings a connection that has calls, and the least interval the server
   * tolerates (half of it, so timer jitter never gets an honest client's connection closed); a
   * client pinging faster is disconnected. Pings without calls are refused: idle connections need
   * none.
   */
  private static final int CLIENT_PING_SECONDS = 30;

  /**
   * How often a server pings a connection, and how long it waits for the answer, so that calls of a
   * peer that vanished (power loss, a dropped route) end within about a minute and a half instead
   * of hours.
   */
  private static final int SERVER_PING_SECONDS = 60;

  private static final int PING_TIMEOUT_SECONDS = 20;

  /** Per-stream flow-control window; large windows keep bulk transfers from stalling. */
  private static final int FLOW_CONTROL_WINDOW = 16 * 1024 * 1024;

  private Transport() {}

  /**
   * Starts a server bound to {@code host:port} (port 0 picks a free one) that runs calls on {@code
   * executor}. Besides {@code services} it offers gRPC server reflection and the standard health
   * service; {@code interceptors} guard all of them.
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
            .maxInboundMessageSize(MAX_REQUEST_BYTES)
            .maxInboundMetadataSize(MAX_METADATA_BYTES)
            .maxConcurrentCallsPerConnection(MAX_CALLS_PER_CONNECTION)
            .maxRstFramesPerWindow(MAX_RST_FRAMES, RST_WINDOW_SECONDS)
            .handshakeTimeout(HANDSHAKE_SECONDS, TimeUnit.SECONDS)
            .maxConnectionIdle(IDLE_MINUTES, TimeUnit.MINUTES)
            .keepAliveTime(SERVER_PING_SECONDS, TimeUnit.SECONDS)
            .keepAliveTimeout(PING_TIMEOUT_SECONDS, TimeUnit.SECONDS)
            .permitKeepAliveTime(CLIENT_PING_SECONDS / 2, TimeUnit.SECONDS)
            .permitKeepAliveWithoutCalls(false)
            // No maxConnectionAge: a connection is cut after its age plus the grace, and a large
            // download may run for hours; idle connections are closed above, which is what age
            // would be for here.
            .flowControlWindow(FLOW_CONTROL_WINDOW);
    for (ServerServiceDefinition service : services) {
      builder.addService(ServerInterceptors.intercept(service, interceptors));
    }
    // Standard services, so that generic tools (grpcurl, grpc_health_probe, load balancers) can
    // discover the API and check liveness without diztl's .proto files. The interceptors guard them
    // too: on the control port, they answer only callers with the token.
    builder.addService(
        ServerInterceptors.intercept(ProtoReflectionServiceV1.newInstance(), interceptors));
    builder.addService(
        ServerInterceptors.intercept(new HealthStatusManager().getHealthService(), interceptors));
    try {
      return builder.build().start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  /** Opens a channel to {@code host:port}; the caller closes it. */
  public static ManagedChannel channel(String host, int port) {
    Objects.requireNonNull(host, "host");
    return NettyChannelBuilder.forAddress(host, port)
        .usePlaintext()
        .maxInboundMessageSize(MAX_MESSAGE_BYTES)
        .maxInboundMetadataSize(MAX_METADATA_BYTES)
        .flowControlWindow(FLOW_CONTROL_WINDOW)
        .keepAliveTime(CLIENT_PING_SECONDS, TimeUnit.SECONDS)
        .keepAliveTimeout(PING_TIMEOUT_SECONDS, TimeUnit.SECONDS)
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
