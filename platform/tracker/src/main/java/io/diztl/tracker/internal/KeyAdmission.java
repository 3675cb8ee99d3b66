package io.diztl.tracker.internal;

import com.google.protobuf.ByteString;
import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.proto.NetworkKey;
import io.diztl.proto.v1.ChallengeRequest;
import io.diztl.proto.v1.ChallengeResponse;
import io.diztl.proto.v1.KeyProof;
import io.diztl.proto.v1.RegisterRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A closed network's admission: a node registers only with a proof of the {@link NetworkKey} over a
 * nonce this tracker handed out to the same TLS identity, at most {@link #NONCE_TTL} earlier. Each
 * nonce is used once (a failed proof uses it up too), and at most {@link #MAX_OUTSTANDING} are
 * outstanding, so a caller flooding challenges costs bounded memory.
 */
public final class KeyAdmission implements Admission {

  /** This network needs a network key: the start of every refusal. */
  public static final String NEEDS_KEY = "this network needs a network key";

  /** How long a nonce may be used after it was handed out. */
  public static final Duration NONCE_TTL = Duration.ofSeconds(30);

  /** Most nonces handed out and not yet used or expired. */
  public static final int MAX_OUTSTANDING = 10_000;

  private record Issued(String callerId, long expiresAtNanos) {}

  private final NetworkKey key;
  private final String trackerId;
  private final LongSupplier nanoClock;
  private final Map<ByteString, Issued> outstanding = new ConcurrentHashMap<>();

  /**
   * Admits nodes that prove {@code key} to the tracker with identity {@code trackerId}.
   *
   * @param nanoClock monotonic time in nanoseconds, such as {@code System::nanoTime}
   */
  public KeyAdmission(NetworkKey key, String trackerId, LongSupplier nanoClock) {
    this.key = Objects.requireNonNull(key, "key");
    this.trackerId = Objects.requireNonNull(trackerId, "trackerId");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
  }

  @Override
  public ChallengeResponse challenge(ChallengeRequest request, String callerId) {
    byte[] nodeNonce = request.getNodeNonce().toByteArray();
    if (nodeNonce.length != NetworkKey.BYTES) {
      throw new DiztlException(
          ErrorKind.INVALID_ARGUMENT,
          "node_nonce must have " + NetworkKey.BYTES + " bytes, found " + nodeNonce.length);
    }
    long now = nanoClock.getAsLong();
    if (outstanding.size() >= MAX_OUTSTANDING) {
      outstanding.values().removeIf(issued -> now - issued.expiresAtNanos() > 0);
      if (outstanding.size() >= MAX_OUTSTANDING) {
        throw new DiztlException(
            ErrorKind.RESOURCE_EXHAUSTED,
            "too many registrations under way (" + MAX_OUTSTANDING + "); try again shortly");
      }
    }
    ByteString nonce = ByteString.copyFrom(NetworkKey.nonce());
    outstanding.put(nonce, new Issued(callerId, now + NONCE_TTL.toNanos()));
    return ChallengeResponse.newBuilder()
        .setKeyRequired(true)
        .setNonce(nonce)
        .setTrackerProof(ByteString.copyFrom(key.trackerProof(nodeNonce, trackerId, callerId)))
        .setExpiresInMillis(NONCE_TTL.toMillis())
        .build();
  }

  @Override
  public void admit(RegisterRequest request, String nodeId) {
    if (!request.hasKeyProof()) {
      throw refused("this node gave no proof of it: start it with --network-key-file FILE");
    }
    KeyProof proof = request.getKeyProof();
    Issued issued = outstanding.remove(proof.getNonce());
    if (issued == null || nanoClock.getAsLong() - issued.expiresAtNanos() > 0) {
      throw refused("the challenge is unknown, used or expired: ask for a new one (Challenge)");
    }
    if (!issued.callerId().equals(nodeId)
        || !key.checkNodeProof(
            proof.getNonce().toByteArray(), trackerId, nodeId, proof.getMac().toByteArray())) {
      throw refused("this node's proof does not match it: is its key file the network's?");
    }
  }

  @Override
  public boolean closed() {
    return true;
  }

  private static DiztlException refused(String why) {
    return new DiztlException(ErrorKind.PERMISSION_DENIED, NEEDS_KEY + "; " + why);
  }
}
