package io.diztl.node.internal;

import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/** The secret that every control call carries in its {@code diztl-token} header. */
public final class ControlToken {

  /** The header holding the token. */
  public static final Metadata.Key<String> HEADER =
      Metadata.Key.of("diztl-token", Metadata.ASCII_STRING_MARSHALLER);

  private ControlToken() {}

  /** A new random token: 32 bytes as 64 lower-case hex characters. */
  public static String generate() {
    byte[] bytes = new byte[32];
    Generator.INSTANCE.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * The generator, made at the first token: a client only sends one, and initialising the security
   * providers cost it 5-10 ms at each command.
   */
  private static final class Generator {
    static final SecureRandom INSTANCE = new SecureRandom();
  }

  /** Rejects, with UNAUTHENTICATED, every call that does not carry {@code token}. */
  public static ServerInterceptor serverInterceptor(String token) {
    byte[] expected = Objects.requireNonNull(token, "token").getBytes(StandardCharsets.US_ASCII);
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String given = headers.get(HEADER);
        if (given == null
            || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.US_ASCII))) {
          call.close(
              Status.UNAUTHENTICATED.withDescription(
                  "missing or wrong diztl-token: the control API needs the token from the node's"
                      + " data folder"),
              new Metadata());
          return new ServerCall.Listener<>() {};
        }
        return next.startCall(call, headers);
      }
    };
  }

  /** Adds {@code token} to every call. */
  public static ClientInterceptor clientInterceptor(String token) {
    Metadata headers = new Metadata();
    headers.put(HEADER, Objects.requireNonNull(token, "token"));
    return MetadataUtils.newAttachHeadersInterceptor(headers);
  }
}
