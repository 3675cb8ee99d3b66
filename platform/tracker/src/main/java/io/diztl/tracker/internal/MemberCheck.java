package io.diztl.tracker.internal;

import io.diztl.proto.Fingerprint;
import io.diztl.proto.NetworkKey;
import io.diztl.proto.PeerPin;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLSocket;

/**
 * Who may be a member of this tracker's cluster, checked on both ends of every tunnel connection:
 * the TLS handshake admits only the pinned identities (any identity when none is pinned), then,
 * when the network has a key, each end proves the key over the other's fresh nonce, bound to both
 * identities. No cluster data passes before both ends have admitted each other.
 */
final class MemberCheck {

  /** How long a peer may take over the TLS handshake and the proofs. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final byte[] MAGIC = "DZC1".getBytes(StandardCharsets.US_ASCII);
  private static final int WITH_KEY = 1;
  private static final int WITHOUT_KEY = 0;
  private static final int ADMITTED = 1;

  /** The length of a member proof, an HMAC-SHA256. */
  private static final int PROOF_BYTES = 32;

  private final Set<String> pinned;
  private final Optional<NetworkKey> key;
  private final String ownId;

  /**
   * Admits the identities in {@code pinned} (any when empty) that prove {@code key}, if present.
   *
   * @param ownId this tracker's identity
   */
  MemberCheck(Set<String> pinned, Optional<NetworkKey> key, String ownId) {
    this.pinned = Set.copyOf(pinned);
    this.key = Objects.requireNonNull(key, "key");
    this.ownId = Objects.requireNonNull(ownId, "ownId");
  }

  /** The TLS pin of a member: one of the pinned identities, or any when none is pinned. */
  PeerPin pin() {
    return id -> {
      if (!pinned.isEmpty() && !pinned.contains(id)) {
        throw new CertificateException(
            "its identity " + id + " is not pinned in this tracker's --cluster member list");
      }
    };
  }

  /**
   * Runs the TLS handshake and the key proofs on {@code socket}, then restores its timeout.
   *
   * @return the peer's identity
   * @throws IOException saying why the peer is refused or refused this tracker
   */
  String admit(SSLSocket socket) throws IOException {
    socket.setSoTimeout((int) TIMEOUT.toMillis());
    socket.startHandshake();
    String peerId = Fingerprint.of((X509Certificate) socket.getSession().getPeerCertificates()[0]);
    OutputStream out = socket.getOutputStream();
    DataInputStream in = new DataInputStream(socket.getInputStream());
    byte[] nonce = key.isPresent() ? NetworkKey.nonce() : new byte[0];
    out.write(MAGIC);
    out.write(key.isPresent() ? WITH_KEY : WITHOUT_KEY);
    out.write(nonce);
    out.flush();
    if (!Arrays.equals(read(in, MAGIC.length), MAGIC)) {
      throw new IOException("it does not speak the diztl cluster tunnel");
    }
    int mode = read(in, 1)[0];
    if (mode != (key.isPresent() ? WITH_KEY : WITHOUT_KEY)) {
      throw new IOException(
          mode == WITH_KEY
              ? "it proves a network key and this tracker has none"
              : "it has no network key (start it with the network's --network-key-file)");
    }
    if (key.isPresent()) {
      byte[] peerNonce = read(in, NetworkKey.BYTES);
      out.write(key.get().memberProof(peerNonce, ownId, peerId));
      out.flush();
      byte[] proof = read(in, PROOF_BYTES);
      if (!key.get().checkMemberProof(nonce, peerId, ownId, proof)) {
        throw new IOException("its proof does not match the network key: is its key file another?");
      }
    }
    out.write(ADMITTED);
    out.flush();
    if (read(in, 1)[0] != ADMITTED) {
      throw new IOException("it refused this tracker");
    }
    socket.setSoTimeout(0);
    return peerId;
  }

  private static byte[] read(DataInputStream in, int length) throws IOException {
    byte[] bytes = in.readNBytes(length);
    if (bytes.length < length) {
      throw new IOException("it closed the connection: it refused this tracker (see its log)");
    }
    return bytes;
  }
}
