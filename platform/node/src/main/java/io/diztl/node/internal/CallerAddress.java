package io.diztl.node.internal;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Objects;

/**
 * Puts the IP address a call came from into the call's {@link Context}, so that the peer service
 * can bound what each peer uses.
 */
public final class CallerAddress implements ServerInterceptor {

  /** What {@link #current()} gives when the transport does not tell the address. */
  public static final String UNKNOWN = "an unknown address";

  private static final Context.Key<String> HOST = Context.key("diztl-caller-host");

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    String host =
        remote instanceof InetSocketAddress inet && inet.getAddress() != null
            ? inet.getAddress().getHostAddress()
            : UNKNOWN;
    return Contexts.interceptCall(Context.current().withValue(HOST, host), call, headers, next);
  }

  /** The current call's IP address as text, or {@link #UNKNOWN}. */
  public static String current() {
    return Objects.requireNonNullElse(HOST.get(), UNKNOWN);
  }
}
