package io.diztl.node.internal.tracker;

import com.google.protobuf.ByteString;
import io.diztl.proto.NetworkKey;
import io.diztl.proto.v1.ChallengeRequest;
import io.diztl.proto.v1.ChallengeResponse;
import io.diztl.proto.v1.KeyProof;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.RegisterRequest;
import io.diztl.proto.v1.TrackerGrpc.TrackerBlockingStub;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Builds a node's registration: as is in an open network, and in a closed one with a proof of the
 * {@link NetworkKey} over the tracker's challenge, after checking the tracker's proof of the same
 * key, so the node never joins a tracker that does not know it.
 */
final class NetworkLogin {

  private final Optional<NetworkKey> key;

  /** A login that proves {@code key}, or none when empty (an open network). */
  NetworkLogin(Optional<NetworkKey> key) {
    this.key = Objects.requireNonNull(key, "key");
  }

  /**
   * The registration of {@code self} with the tracker behind {@code stub}, whose TLS identity
   * {@code trackerId} gives once the channel has connected.
   *
   * @throws StatusRuntimeException when a call fails, or {@code PERMISSION_DENIED} when the tracker
   *     does not prove the key
   */
  RegisterRequest request(
      TrackerBlockingStub stub, NodeInfo self, Supplier<Optional<String>> trackerId) {
    RegisterRequest.Builder request = RegisterRequest.newBuilder().setNode(self);
    if (key.isEmpty()) {
      return request.build();
    }
    byte[] nodeNonce = NetworkKey.nonce();
    ChallengeResponse challenge =
        stub.challenge(
            ChallengeRequest.newBuilder().setNodeNonce(ByteString.copyFrom(nodeNonce)).build());
    String tracker =
        trackerId.get().orElseThrow(() -> refused("the tracker's identity is not known yet"));
    if (!challenge.getKeyRequired()) {
      throw refused(
          "the tracker runs an open network, but this node has a network key: it joins only a"
              + " tracker that proves that key (start the tracker with --network-key-file, or the"
              + " node without it)");
    }
    if (!key.get()
        .checkTrackerProof(
            nodeNonce, tracker, self.getNodeId(), challenge.getTrackerProof().toByteArray())) {
      throw refused(
          "the tracker does not prove this node's network key: its key file differs, or it is an"
              + " impostor");
    }
    byte[] nonce = challenge.getNonce().toByteArray();
    if (nonce.length != NetworkKey.BYTES) {
      throw refused(
          "the tracker's challenge has " + nonce.length + " bytes, not " + NetworkKey.BYTES);
    }
    return request
        .setKeyProof(
            KeyProof.newBuilder()
                .setNonce(challenge.getNonce())
                .setMac(ByteString.copyFrom(key.get().nodeProof(nonce, tracker, self.getNodeId()))))
        .build();
  }

  private static StatusRuntimeException refused(String why) {
    return Status.PERMISSION_DENIED.withDescription(why).asRuntimeException();
  }
}
