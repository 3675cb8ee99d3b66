package io.diztl.proto;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a self-signed certificate whose {@link Fingerprint} a {@link PeerPin} accepts; no
 * certificate authority and no host name take part. Servers use it with a pin that accepts anyone
 * (the network is open; the caller's id is read from the session), clients with the id they expect.
 */
final class SelfSignedTrust extends X509ExtendedTrustManager {

  private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

  private final PeerPin pin;

  SelfSignedTrust(PeerPin pin) {
    this.pin = pin;
  }

  /** The fingerprint of a peer's well-formed self-signed certificate. */
  static String verifiedId(X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("the peer presented no certificate");
    }
    X509Certificate certificate = chain[0];
    try {
      certificate.verify(certificate.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new CertificateException(
          "the peer's certificate is not self-signed: " + e.getMessage(), e);
    }
    return Fingerprint.of(certificate);
  }

  private void check(X509Certificate[] chain) throws CertificateException {
    pin.check(verifiedId(chain));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return NO_ISSUERS;
  }
}
