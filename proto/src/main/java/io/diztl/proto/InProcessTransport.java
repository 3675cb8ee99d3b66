package io.diztl.proto;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Servers and channels inside one JVM, for tests: each server is named {@code host:port}, a call
 * carries its channel's transport id in a header that stands in for the client certificate, and a
 * channel checks its pin against the id of the transport that started the server.
 */
final class InProcessTransport extends Transport {

  private static final Metadata.Key<String> CALLER_HEADER =
      Metadata.Key.of("diztl-in-process-caller", Metadata.ASCII_STRING_MARSHALLER);

  /** The id of the transport serving each name. */
  private static final Map<String, String> SERVERS = new ConcurrentHashMap<>();

  private static final AtomicInteger NEXT_PORT = new AtomicInteger(50_000);

  private final String id;

  InProcessTransport(String id) {
    this.id = id;
  }

  @Override
  public Optional<String> id() {
    return Optional.of(id);
  }

  @Override
  public Server startServer(
      String host,
      int port,
      Executor executor,
      List<ServerServiceDefinition> services,
      List<ServerInterceptor> interceptors,
      Set<String> onTransportThreads) {
    Objects.requireNonNull(onTransportThreads, "onTransportThreads");
    int chosen = port == 0 ? NEXT_PORT.getAndIncrement() : port;
    String name = host + ":" + chosen;
    if (SERVERS.putIfAbsent(name, id) != null) {
      throw new UncheckedIOException(
          new IOException("cannot listen on " + name + ": an in-process server is there"));
    }
    InProcessServerBuilder builder = InProcessServerBuilder.forName(name).executor(executor);
    if (!onTransportThreads.isEmpty()) {
      builder.callExecutor(onTransportThreads(onTransportThreads));
    }
    List<ServerInterceptor> chain = new ArrayList<>(interceptors);
    chain.add(new HeaderCallerInterceptor());
    services.forEach(service -> builder.addService(ServerInterceptors.intercept(service, chain)));
    // The interceptors guard the standard services too: on the control port, only callers with the
    // token may use them.
    standardServices()
        .forEach(service -> builder.addService(ServerInterceptors.intercept(service, chain)));
    try {
      return new InProcessServer(builder.build().start(), chosen, () -> SERVERS.remove(name, id));
    } catch (IOException e) {
      SERVERS.remove(name, id);
      throw new UncheckedIOException("cannot listen on " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public ManagedChannel channel(String host, int port, PeerPin pin) {
    return channelBuilder(host, port, pin).build();
  }

  @Override
  public ManagedChannel channelWithoutRetry(String host, int port, PeerPin pin) {
    return channelBuilder(host, port, pin).disableRetry().build();
  }

  private InProcessChannelBuilder channelBuilder(String host, int port, PeerPin pin) {
    Objects.requireNonNull(pin, "pin");
    String name = host + ":" + port;
    return InProcessChannelBuilder.forName(name)
        .maxInboundMessageSize(MAX_MESSAGE_BYTES)
        .intercept(new PinningInterceptor(name, pin));
  }

  /** Checks the pin on each call and sends the caller's id. */
  private final class PinningInterceptor implements ClientInterceptor {
    private final String name;
    private final PeerPin pin;

    PinningInterceptor(String name, PeerPin pin) {
      this.name = name;
      this.pin = pin;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(
        MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
      String serverId = SERVERS.get(name);
      Status refused = null;
      if (serverId != null) {
        try {
          pin.check(serverId);
        } catch (CertificateException e) {
          refused = Status.UNAVAILABLE.withDescription("TLS handshake failed: " + e.getMessage());
        }
      }
      Status failure = refused;
      return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<R> listener, Metadata headers) {
          if (failure != null) {
            listener.onClose(failure, new Metadata());
            return;
          }
          headers.put(CALLER_HEADER, id);
          super.start(listener, headers);
        }

        @Override
        public void request(int count) {
          if (failure == null) {
            super.request(count);
          }
        }

        @Override
        public void sendMessage(Q message) {
          if (failure == null) {
            super.sendMessage(message);
          }
        }

        @Override
        public void halfClose() {
          if (failure == null) {
            super.halfClose();
          }
        }
      };
    }
  }

  /** Puts the caller's id from the header into the call's context. */
  private static final class HeaderCallerInterceptor implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      String caller = headers.get(CALLER_HEADER);
      Context context =
          caller == null ? Context.current() : Context.current().withValue(CALLER_ID, caller);
      return Contexts.interceptCall(context, call, headers, next);
    }
  }
}
