package io.diztl.proto;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.PBEParameterSpec;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/** Netty servers and channels over TCP: mutual TLS with an {@link Identity}, or plain text. */
final class NettyTransport extends Transport {

  static final NettyTransport PLAINTEXT = new NettyTransport(null);

  private static final char[] KEY_STORE_PASSWORD = "diztl".toCharArray();

  /**
   * The most a channel reads from its socket at once (Netty's default is 64 KiB): the receiver of a
   * download at hundreds of megabytes a second then makes fewer reads, merges fewer TLS records
   * split over two reads, and flushes its window updates less often. Netty adapts each read's
   * buffer to what the last reads got, so an idle channel keeps small ones.
   */
  static final int MAX_READ_BYTES = 256 * 1024;

  private final Identity identity;
  private final KeyManager[] keyManagers;

  NettyTransport(Identity identity) {
    this.identity = identity;
    this.keyManagers = identity == null ? null : keyManagers(identity);
  }

  @Override
  public Optional<String> id() {
    return identity == null ? Optional.empty() : Optional.of(identity.id());
  }

  @Override
  public Server startServer(
      String host,
      int port,
      Executor executor,
      List<ServerServiceDefinition> services,
      List<ServerInterceptor> interceptors,
      Set<String> onTransportThreads) {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(onTransportThreads, "onTransportThreads");
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress(host, port), serverCredentials())
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
            .flowControlWindow(FLOW_CONTROL_WINDOW)
            .addTransportFilter(new ConnectionCap(MAX_CONNECTIONS_PER_ADDRESS));
    if (!onTransportThreads.isEmpty()) {
      builder.callExecutor(onTransportThreads(onTransportThreads));
    }
    // The last interceptor runs first: the caller's id is known to every other one.
    List<ServerInterceptor> chain = new ArrayList<>(interceptors);
    if (identity != null) {
      chain.add(new TlsCallerInterceptor());
    }
    for (ServerServiceDefinition service : services) {
      builder.addService(ServerInterceptors.intercept(service, chain));
    }
    // The interceptors guard the standard services too: on the control port, only callers with the
    // token may use them.
    standardServices()
        .forEach(service -> builder.addService(ServerInterceptors.intercept(service, chain)));
    try {
      return builder.build().start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
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

  private NettyChannelBuilder channelBuilder(String host, int port, PeerPin pin) {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(pin, "pin");
    return NettyChannelBuilder.forAddress(host, port, channelCredentials(pin))
        .eventLoopGroup(ClientLoops.group())
        .channelFactory(ClientLoops.channels())
        .maxInboundMessageSize(MAX_MESSAGE_BYTES)
        .maxInboundMetadataSize(MAX_METADATA_BYTES)
        .flowControlWindow(FLOW_CONTROL_WINDOW)
        .withOption(
            ChannelOption.RCVBUF_ALLOCATOR,
            new AdaptiveRecvByteBufAllocator(64, 2048, MAX_READ_BYTES))
        .keepAliveTime(CLIENT_PING_SECONDS, TimeUnit.SECONDS)
        .keepAliveTimeout(PING_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  static ManagedChannel plaintextClientChannel(String host, int port) {
    Objects.requireNonNull(host, "host");
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("diztl-client", true), NioIoHandler.newFactory());
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(
                new InetSocketAddress(host, port), InsecureChannelCredentials.create())
            .eventLoopGroup(group)
            .channelType(NioSocketChannel.class)
            .maxInboundMessageSize(MAX_MESSAGE_BYTES)
            .flowControlWindow(FLOW_CONTROL_WINDOW)
            .keepAliveTime(CLIENT_PING_SECONDS, TimeUnit.SECONDS)
            .build();
    return new OwnedLoopChannel(channel, group);
  }

  @Override
  public Optional<SSLContext> sslContext(PeerPin pin) {
    Objects.requireNonNull(pin, "pin");
    if (identity == null) {
      return Optional.empty();
    }
    try {
      SSLContext context = SSLContext.getInstance("TLSv1.3");
      context.init(keyManagers, new TrustManager[] {new SelfSignedTrust(pin)}, null);
      return Optional.of(context);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has TLS 1.3: " + e, e);
    }
  }

  private ServerCredentials serverCredentials() {
    if (identity == null) {
      return InsecureServerCredentials.create();
    }
    return TlsServerCredentials.newBuilder()
        .keyManager(keyManagers)
        .trustManager(new SelfSignedTrust(id -> {}))
        .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
        .build();
  }

  private ChannelCredentials channelCredentials(PeerPin pin) {
    if (identity == null) {
      return InsecureChannelCredentials.create();
    }
    return TlsChannelCredentials.newBuilder()
        .keyManager(keyManagers)
        .trustManager(new SelfSignedTrust(pin))
        .build();
  }

  private static KeyManager[] keyManagers(Identity identity) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      // The store lives only in memory and its password is a constant, so encrypting the key in
      // it protects nothing: one PBE iteration instead of PKCS12's 10,000 each way saves about
      // 100 ms of CPU per transport (a node start, each test node).
      store.setEntry(
          "diztl",
          new KeyStore.PrivateKeyEntry(
              identity.privateKey(), new Certificate[] {identity.certificate()}),
          new KeyStore.PasswordProtection(
              KEY_STORE_PASSWORD,
              "PBEWithHmacSHA256AndAES_128",
              new PBEParameterSpec(new byte[16], 1)));
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, KEY_STORE_PASSWORD);
      return factory.getKeyManagers();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot use the identity's key for TLS: " + e, e);
    }
  }
}
