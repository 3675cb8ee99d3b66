package io.diztl.proto;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Reads the caller's certificate from the TLS session and puts its {@link Fingerprint} into the
 * call's {@link Context}; a call without one (which {@code ClientAuth.REQUIRE} already prevents) is
 * refused.
 */
final class TlsCallerInterceptor implements ServerInterceptor {

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    String id;
    try {
      if (session == null) {
        throw new SSLPeerUnverifiedException("no TLS session");
      }
      // The handshake's trust manager checked the certificate; only its fingerprint is new here.
      Certificate[] chain = session.getPeerCertificates();
      if (chain.length == 0 || !(chain[0] instanceof X509Certificate certificate)) {
        throw new SSLPeerUnverifiedException("no X.509 client certificate");
      }
      id = Fingerprint.of(certificate);
    } catch (SSLPeerUnverifiedException e) {
      call.close(
          Status.UNAUTHENTICATED.withDescription("a client certificate is required"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return Contexts.interceptCall(
        Context.current().withValue(Transport.CALLER_ID, id), call, headers, next);
  }
}
