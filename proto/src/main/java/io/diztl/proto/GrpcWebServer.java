package io.diztl.proto;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerCall;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the unary and server-streaming methods of one gRPC service as gRPC-Web over HTTP/1.1
 * ({@code POST /package.Service/Method}, content type {@value GrpcWebFrames#CONTENT_TYPE}), beside
 * its HTTP/2 server: a client needs no HTTP/2 stack for it, which is what lets a command-line
 * client start in a fraction of the time (the JDK's HTTP client and the generated messages,
 * without Netty). Request headers reach the service's interceptors as metadata; each exchange is
 * served on a virtual thread of its own, and a caller that goes away cancels its call at the next
 * write. Client-streaming and bidirectional methods answer UNIMPLEMENTED.
 */
public final class GrpcWebServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GrpcWebServer.class);

  /** HTTP headers that are the transport's, not the call's metadata. */
  private static final Set<String> TRANSPORT_HEADERS =
      Set.of(
          "accept",
          "connection",
          "content-length",
          "content-type",
          "host",
          "keep-alive",
          "te",
          "transfer-encoding",
          "user-agent");

  private final HttpServer server;
  private final ExecutorService executor;
  private final ServerServiceDefinition service;
  private final int maxRequestBytes;

  private GrpcWebServer(
      HttpServer server,
      ExecutorService executor,
      ServerServiceDefinition service,
      int maxRequestBytes) {
    this.server = server;
    this.executor = executor;
    this.service = service;
    this.maxRequestBytes = maxRequestBytes;
  }

  /**
   * Listens on {@code host:port} (0: a free port) for the calls of {@code service}, each passing
   * {@code interceptors} first (the first of the list runs first), with requests of at most
   * {@link Transport#MAX_REQUEST_BYTES}.
   *
   * @throws UncheckedIOException when it cannot listen there
   */
  public static GrpcWebServer start(
      String host,
      int port,
      ServerServiceDefinition service,
      List<ServerInterceptor> interceptors) {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(interceptors, "interceptors");
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot serve gRPC-Web on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    ExecutorService executor =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("diztl-grpc-web-", 0).factory());
    // ServerInterceptors runs the last of its list first.
    GrpcWebServer web =
        new GrpcWebServer(
            server,
            executor,
            ServerInterceptors.intercept(service, interceptors.reversed()),
            Transport.MAX_REQUEST_BYTES);
    server.createContext("/", web::serve);
    server.setExecutor(executor);
    server.start();
    return web;
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops listening and cancels the calls still running. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void serve(HttpExchange exchange) {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.getResponseHeaders().set("Allow", "POST");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      String type = exchange.getRequestHeaders().getFirst("Content-Type");
      if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/grpc-web")) {
        answer(exchange, 415, "a gRPC-Web call needs content type " + GrpcWebFrames.CONTENT_TYPE);
        return;
      }
      String name = exchange.getRequestURI().getRawPath().substring(1);
      ServerMethodDefinition<?, ?> method = service.getMethod(name);
      if (method == null || !isServed(method.getMethodDescriptor().getType())) {
        end(exchange, Status.UNIMPLEMENTED.withDescription("no such method here: " + name));
        return;
      }
      call(exchange, method);
    } catch (IOException e) {
      LOG.debug("gRPC-Web exchange failed: {}", e.toString());
    }
  }

  private static boolean isServed(MethodType type) {
    return type == MethodType.UNARY || type == MethodType.SERVER_STREAMING;
  }

  private <Q, R> void call(HttpExchange exchange, ServerMethodDefinition<Q, R> method)
      throws IOException {
    Q request;
    try {
      request = readRequest(exchange.getRequestBody(), method);
    } catch (RequestException e) {
      end(exchange, e.status);
      return;
    }
    Attributes attributes =
        Attributes.newBuilder()
            .set(Grpc.TRANSPORT_ATTR_REMOTE_ADDR, exchange.getRemoteAddress())
            .set(Grpc.TRANSPORT_ATTR_LOCAL_ADDR, exchange.getLocalAddress())
            .build();
    GrpcWebCall<Q, R> call =
        new GrpcWebCall<>(
            method.getMethodDescriptor(),
            attributes,
            exchange.getRequestHeaders().getFirst("Host"));
    ServerCall.Listener<Q> listener;
    try {
      listener = method.getServerCallHandler().startCall(call, metadataOf(exchange));
      if (!call.isClosed()) {
        listener.onReady();
        listener.onMessage(request);
        listener.onHalfClose();
      }
    } catch (RuntimeException e) {
      LOG.warn("{} failed: {}", method.getMethodDescriptor().getFullMethodName(), e.toString());
      end(exchange, Status.UNKNOWN.withDescription("the call failed on the server"));
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", GrpcWebFrames.CONTENT_TYPE);
    exchange.sendResponseHeaders(200, 0);
    if (call.writeAll(exchange.getResponseBody())) {
      listener.onComplete();
    } else {
      listener.onCancel();
    }
  }

  private <Q> Q readRequest(InputStream body, ServerMethodDefinition<Q, ?> method)
      throws IOException, RequestException {
    GrpcWebFrames.Frame frame;
    try {
      frame = GrpcWebFrames.read(body, maxRequestBytes);
    } catch (IOException e) {
      throw new RequestException(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
    }
    if (frame == null || frame.isTrailers() || body.read() >= 0) {
      throw new RequestException(
          Status.INVALID_ARGUMENT.withDescription("a call's body must be one message frame"));
    }
    try {
      return method.getMethodDescriptor().parseRequest(new ByteArrayInputStream(frame.payload()));
    } catch (RuntimeException e) {
      throw new RequestException(
          Status.INVALID_ARGUMENT.withDescription("the request is not a valid message"));
    }
  }

  /** The request's headers as the call's metadata; names that cannot be metadata are left out. */
  private static Metadata metadataOf(HttpExchange exchange) {
    Metadata metadata = new Metadata();
    for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (TRANSPORT_HEADERS.contains(name) || name.startsWith("grpc-") || name.endsWith("-bin")) {
        continue;
      }
      Metadata.Key<String> key;
      try {
        key = Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
      } catch (IllegalArgumentException e) {
        continue;
      }
      header.getValue().forEach(value -> metadata.put(key, value));
    }
    return metadata;
  }

  /** Ends the exchange with {@code status} and no message. */
  private static void end(HttpExchange exchange, Status status) throws IOException {
    Headers headers = exchange.getResponseHeaders();
    headers.set("Content-Type", GrpcWebFrames.CONTENT_TYPE);
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      GrpcWebFrames.writeTrailers(out, status);
    }
  }

  private static void answer(HttpExchange exchange, int code, String text) throws IOException {
    byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(code, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** A request that cannot start a call, with the status it gets. */
  private static final class RequestException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Status status;

    RequestException(Status status) {
      super(status.getDescription(), null, false, false);
      this.status = status;
    }
  }
}
