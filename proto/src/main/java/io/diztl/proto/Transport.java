package io.diztl.proto;

import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.BindableService;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.UncheckedIOException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * Builds every gRPC server and channel of diztl, so that transport settings (message limits, flow
 * control, keep-alive, TLS) live in one place. A transport carries its side's credentials:
 *
 * <ul>
 *   <li>{@link #tls(Identity)}: mutual TLS. Servers require a client certificate and accept any
 *       well-formed self-signed one (the network is open); the caller's {@link Fingerprint} is read
 *       from the TLS session, and {@link #callerId()} gives it to the services. Each channel pins
 *       the identity of the server it expects ({@link PeerPin}), so a server with another key fails
 *       the handshake before a call is sent.
 *   <li>{@link #plaintext()}: no TLS and no identities, for {@code --insecure} and for the loopback
 *       control API, which its token guards.
 *   <li>{@link #inProcess(String)}: for tests, no sockets; a caller's id is the one the channel's
 *       transport was given.
 * </ul>
 *
 * <p>The limits are chosen against hostile peers (grpc-java 1.85 defaults in brackets): a server
 * takes requests of at most {@value #MAX_REQUEST_BYTES} bytes [4 MiB], headers of at most {@value
 * #MAX_METADATA_BYTES} bytes [8 KiB], {@value #MAX_CALLS_PER_CONNECTION} calls at once per
 * connection [unlimited], {@value #MAX_RST_FRAMES} stream resets per {@value #RST_WINDOW_SECONDS} s
 * [unlimited], and closes connections that do not finish the HTTP/2 handshake within {@value
 * #HANDSHAKE_SECONDS} s [120 s] or stay without calls for {@value #IDLE_MINUTES} min [never].
 */
public abstract class Transport {

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
   * Connections a server keeps open from one IP address; one more is closed as soon as it is set
   * up, so that one host cannot use up the server's file descriptors while the others are served. A
   * node keeps one connection to each peer and to its tracker, so 128 leaves room for many nodes on
   * one host.
   */
  public static final int MAX_CONNECTIONS_PER_ADDRESS = 128;

  /**
   * Stream resets a client may send per {@link #RST_WINDOW_SECONDS} before its connection is
   * closed: HTTP/2 "rapid reset" protection (CVE-2023-44487), which grpc-java leaves off by
   * default. Honest clients cancel a handful of calls a second at most.
   */
  static final int MAX_RST_FRAMES = 200;

  static final int RST_WINDOW_SECONDS = 10;

  /** Time a new connection has to complete the TLS and HTTP/2 handshakes. */
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
  static final int CLIENT_PING_SECONDS = 30;

  /**
   * How often a server pings a connection, and how long it waits for the answer, so that calls of a
   * peer that vanished (power loss, a dropped route) end within about a minute and a half instead
   * of hours.
   */
  static final int SERVER_PING_SECONDS = 60;

  static final int PING_TIMEOUT_SECONDS = 20;

  /** Per-stream flow-control window; large windows keep bulk transfers from stalling. */
  static final int FLOW_CONTROL_WINDOW = 16 * 1024 * 1024;

  /** The caller's identity in a server call's context; absent without TLS. */
  static final Context.Key<String> CALLER_ID = Context.key("diztl-caller-id");

  Transport() {}

  /** Mutual TLS with {@code identity}'s key and certificate. */
  public static Transport tls(Identity identity) {
    return new NettyTransport(Objects.requireNonNull(identity, "identity"));
  }

  /** Plain text: no TLS, no identities; pins are ignored. */
  public static Transport plaintext() {
    return NettyTransport.PLAINTEXT;
  }

  /**
   * In-process servers and channels, for tests: a server started on {@code host:port} is reached by
   * channels of any in-process transport to the same {@code host:port}; port 0 picks an unused
   * number. Calls carry {@code id} as the caller's identity, and a channel's pin is checked against
   * the id of the transport that started the server.
   */
  public static Transport inProcess(String id) {
    return new InProcessTransport(Objects.requireNonNull(id, "id"));
  }

  /**
   * The identity of the current server call's caller, as its TLS certificate proves it; empty on a
   * plain-text transport or outside a call.
   */
  public static Optional<String> callerId() {
    return Optional.ofNullable(CALLER_ID.get());
  }

  /** The identity this transport presents to peers; empty for plain text. */
  public abstract Optional<String> id();

  /**
   * A JDK TLS context (TLS 1.3) that presents this transport's identity and trusts the self-signed
   * peers that {@code pin} accepts, for traffic that is not gRPC (such as the trackers' cluster
   * tunnel); empty for plain text and in-process transports.
   */
  public Optional<SSLContext> sslContext(PeerPin pin) {
    Objects.requireNonNull(pin, "pin");
    return Optional.empty();
  }

  /**
   * Starts a server bound to {@code host:port} (port 0 picks a free one) that runs calls on {@code
   * executor}. Besides {@code services} it offers gRPC server reflection and the standard health
   * service; {@code interceptors} guard all of them.
   *
   * @throws UncheckedIOException when it cannot listen there
   */
  public Server startServer(
      String host,
      int port,
      Executor executor,
      List<ServerServiceDefinition> services,
      List<ServerInterceptor> interceptors) {
    return startServer(host, port, executor, services, interceptors, Set.of());
  }

  /**
   * Starts a server as {@link #startServer(String, int, Executor, List, List)} does, except that
   * the calls of the methods in {@code onTransportThreads} (full method names) run their callbacks
   * on the transport's own threads rather than on {@code executor}: for long-lived streams of many
   * small messages whose handling never blocks, where a hand-off to another thread per message
   * costs more than the message. Their interceptors and handlers must not block either.
   *
   * @throws UncheckedIOException when it cannot listen there
   */
  public abstract Server startServer(
      String host,
      int port,
      Executor executor,
      List<ServerServiceDefinition> services,
      List<ServerInterceptor> interceptors,
      Set<String> onTransportThreads);

  /**
   * Tells a server which calls run on the transport's threads: those of {@code methods}; the others
   * on the server's executor.
   */
  static ServerCallExecutorSupplier onTransportThreads(Set<String> methods) {
    Set<String> direct = Set.copyOf(methods);
    return new ServerCallExecutorSupplier() {
      @Override
      public <ReqT, RespT> Executor getExecutor(ServerCall<ReqT, RespT> call, Metadata metadata) {
        return direct.contains(call.getMethodDescriptor().getFullMethodName())
            ? MoreExecutors.directExecutor()
            : null;
      }
    };
  }

  /**
   * Opens a channel to {@code host:port} whose server must pass {@code pin}; the caller closes it.
   */
  public abstract ManagedChannel channel(String host, int port, PeerPin pin);

  /**
   * Opens a channel as {@link #channel(String, int, PeerPin)} does, for many short calls that the
   * caller never retries, such as a tracker's searches to its nodes: gRPC's transparent retry is
   * off, so no call is wrapped and its messages buffered in case it must be sent again, and a call
   * that a closing connection refuses fails at once instead.
   */
  public ManagedChannel channelWithoutRetry(String host, int port, PeerPin pin) {
    return channel(host, port, pin);
  }

  /**
   * Opens a plain-text channel for a process that makes a few calls and exits, such as the command
   * line talking to the loopback control API: it has one I/O thread of its own instead of gRPC's
   * shared ones, and {@link #close(ManagedChannel)} stops that thread. The JVM waits up to 300 ms
   * at exit for threads blocked in native code such as an idle event loop, and gRPC keeps its
   * shared loops for a second after the last channel.
   */
  public static ManagedChannel clientChannel(String host, int port) {
    return NettyTransport.plaintextClientChannel(host, port);
  }

  /**
   * Asks the server behind {@code channel} whether it serves (the standard health check), which for
   * a pinned TLS channel also proves it holds the pinned identity.
   *
   * @throws StatusRuntimeException when it cannot be reached, fails the pin or does not answer
   *     within {@code deadline}
   */
  public static void probe(Channel channel, Duration deadline) {
    HealthGrpc.newBlockingStub(channel)
        .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
        .check(HealthCheckRequest.getDefaultInstance());
  }

  /**
   * A short description of a failed call: its status description (else its code) and, when TLS
   * refused the other side, why; a pin's message says which identity was expected.
   */
  public static String describe(Throwable failure) {
    Throwable tls = null;
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof CertificateException) {
        tls = cause;
        break;
      }
      if (cause instanceof SSLException) {
        tls = cause;
      }
    }
    if (tls != null) {
      String reason = Objects.requireNonNullElse(tls.getMessage(), tls.toString());
      return "TLS handshake failed: "
          + (reason.startsWith("not an SSL/TLS record")
              ? "the other side does not speak TLS (does it run with --insecure?)"
              : reason);
    }
    Status status = Status.fromThrowable(failure);
    return status.getDescription() != null ? status.getDescription() : status.getCode().name();
  }

  /** The standard services every server offers besides diztl's. */
  static List<BindableService> standardServices() {
    // Generic tools (grpcurl, grpc_health_probe, load balancers) can discover the API and check
    // liveness without diztl's .proto files.
    return List.of(
        ProtoReflectionServiceV1.newInstance(), new HealthStatusManager().getHealthService());
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
