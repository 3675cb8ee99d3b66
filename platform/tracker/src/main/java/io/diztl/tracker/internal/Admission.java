package io.diztl.tracker.internal;

import io.diztl.api.DiztlException;
import io.diztl.proto.v1.ChallengeRequest;
import io.diztl.proto.v1.ChallengeResponse;
import io.diztl.proto.v1.RegisterRequest;

/**
 * Who may join the tracker's network: anyone ({@link #OPEN}), or only nodes that prove the network
 * key ({@link KeyAdmission}).
 */
public interface Admission {

  /** An open network: no challenge, every registration admitted. */
  Admission OPEN =
      new Admission() {
        @Override
        public ChallengeResponse challenge(ChallengeRequest request, String callerId) {
          return ChallengeResponse.getDefaultInstance();
        }

        @Override
        public void admit(RegisterRequest request, String nodeId) {}

        @Override
        public boolean closed() {
          return false;
        }
      };

  /**
   * A challenge for the caller {@code callerId}.
   *
   * @throws DiztlException {@code INVALID_ARGUMENT} for a malformed request, {@code
   *     RESOURCE_EXHAUSTED} when too many challenges are outstanding
   */
  ChallengeResponse challenge(ChallengeRequest request, String callerId);

  /**
   * Admits the registration of {@code nodeId} (the caller's TLS identity), or refuses it.
   *
   * @throws DiztlException {@code PERMISSION_DENIED} when the network needs a key the request does
   *     not prove
   */
  void admit(RegisterRequest request, String nodeId);

  /** Whether only admitted nodes may use the tracker. */
  boolean closed();
}
