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

/**
 * Puts the caller's transport address, and the local one it reached, into the call's {@link
 * Context}.
 */
public final class RemoteAddressInterceptor implements ServerInterceptor {

  /** The caller's address; null when the transport does not know it. */
  public static final Context.Key<SocketAddress> REMOTE_ADDRESS = Context.key("remote-address");

  /** The tracker's own address on the caller's connection; null when unknown. */
  public static final Context.Key<SocketAddress> LOCAL_ADDRESS = Context.key("local-address");

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    SocketAddress local = call.getAttributes().get(Grpc.TRANSPORT_ATTR_LOCAL_ADDR);
    return Contexts.interceptCall(
        Context.current().withValue(REMOTE_ADDRESS, remote).withValue(LOCAL_ADDRESS, local),
        call,
        headers,
        next);
  }

  /** The current caller's IP address as text (IPv6 included), or null when it is unknown. */
  public static String currentHost() {
    return hostOf(REMOTE_ADDRESS.get());
  }

  /**
   * The host at which the current caller reaches a node registered as {@code host}. A node that
   * registered over loopback runs on the tracker's machine (typically beside an embedded tracker):
   * a caller on another machine reaches it at the address it used to reach the tracker.
   */
  public static String hostForCaller(String host) {
    String caller = currentHost();
    String tracker = hostOf(LOCAL_ADDRESS.get());
    if (isLoopback(host) && caller != null && !isLoopback(caller) && tracker != null) {
      return tracker;
    }
    return host;
  }

  private static String hostOf(SocketAddress address) {
    if (address instanceof InetSocketAddress inet) {
      InetAddress ip = inet.getAddress();
      return ip != null ? ip.getHostAddress() : inet.getHostString();
    }
    return null;
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost")
        || host.startsWith("127.")
        || host.equals("::1")
        || host.equals("0:0:0:0:0:0:0:1");
  }
}
