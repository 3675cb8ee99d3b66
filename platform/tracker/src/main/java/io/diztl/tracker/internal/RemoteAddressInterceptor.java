package io.diztl.tracker.internal;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Puts the caller's transport address into the call's {@link Context}. */
public final class RemoteAddressInterceptor implements ServerInterceptor {

  /** The caller's address; null when the transport does not know it. */
  public static final Context.Key<SocketAddress> REMOTE_ADDRESS = Context.key("remote-address");

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    return Contexts.interceptCall(
        Context.current().withValue(REMOTE_ADDRESS, remote), call, headers, next);
  }

  /** The current caller's IP address as text (IPv6 included), or null when it is unknown. */
  public static String currentHost() {
    if (REMOTE_ADDRESS.get() instanceof InetSocketAddress inet) {
      InetAddress address = inet.getAddress();
      return address != null ? address.getHostAddress() : inet.getHostString();
    }
    return null;
  }
}
