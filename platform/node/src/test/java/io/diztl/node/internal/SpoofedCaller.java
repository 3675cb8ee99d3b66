package io.diztl.node.internal;

import io.grpc.Attributes;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingServerCall;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.stub.MetadataUtils;
import java.net.InetSocketAddress;

/**
 * Lets one test client pass for several peers: a server intercepted with it sees calls that carry a
 * {@code test-from} header as coming from that address.
 */
public final class SpoofedCaller implements ServerInterceptor {

  private static final Metadata.Key<String> FROM =
      Metadata.Key.of("test-from", Metadata.ASCII_STRING_MARSHALLER);

  /** {@code channel}, its calls seeming to come from {@code address}. */
  public static Channel from(Channel channel, String address) {
    Metadata headers = new Metadata();
    headers.put(FROM, address);
    return ClientInterceptors.intercept(
        channel, MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String from = headers.get(FROM);
    if (from == null) {
      return next.startCall(call, headers);
    }
    return next.startCall(
        new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
          @Override
          public Attributes getAttributes() {
            return super.getAttributes().toBuilder()
                .set(Grpc.TRANSPORT_ATTR_REMOTE_ADDR, new InetSocketAddress(from, 1))
                .build();
          }
        },
        headers);
  }
}
