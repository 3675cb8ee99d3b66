package io.diztl.proto;

import java.security.cert.CertificateException;
import java.util.Objects;

/**
 * Which server identity a channel accepts: checked against the {@link Fingerprint} of the
 * certificate the server presents during the TLS handshake, so that a server at the right address
 * with the wrong key fails the handshake before any call is sent.
 */
@FunctionalInterface
public interface PeerPin {

  /**
   * Accepts or refuses the server that presented a certificate with fingerprint {@code id}.
   *
   * @throws CertificateException with a message saying what was expected, to refuse it
   */
  void check(String id) throws CertificateException;

  /** Accepts only the server whose fingerprint is {@code expected}. */
  static PeerPin of(String expected) {
    Objects.requireNonNull(expected, "expected");
    return id -> {
      if (!id.equals(expected)) {
        throw new CertificateException(
            "expected the peer with identity " + expected + ", found " + id);
      }
    };
  }
}
