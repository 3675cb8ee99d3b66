package io.diztl.tracker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.proto.Identity;
import io.diztl.proto.NetworkKey;
import io.diztl.proto.v1.ChallengeRequest;
import io.diztl.proto.v1.ChallengeResponse;
import io.diztl.proto.v1.KeyProof;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.RegisterRequest;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KeyAdmissionTest {

  private static final String TRACKER = Identity.generate().id();
  private static final String NODE = Identity.generate().id();
  private static final String OTHER = Identity.generate().id();

  private final NetworkKey key = NetworkKey.generate();
  private final AtomicLong clock = new AtomicLong(1_000);
  private final KeyAdmission admission = new KeyAdmission(key, TRACKER, clock::get);

  private ChallengeResponse challenge(String caller, byte[] nodeNonce) {
    return admission.challenge(
        ChallengeRequest.newBuilder().setNodeNonce(ByteString.copyFrom(nodeNonce)).build(), caller);
  }

  private static RegisterRequest register(NetworkKey with, ChallengeResponse challenge, String id) {
    return RegisterRequest.newBuilder()
        .setNode(NodeInfo.newBuilder().setNodeId(id))
        .setKeyProof(
            KeyProof.newBuilder()
                .setNonce(challenge.getNonce())
                .setMac(
                    ByteString.copyFrom(
                        with.nodeProof(challenge.getNonce().toByteArray(), TRACKER, id))))
        .build();
  }

  private DiztlException refused(RegisterRequest request, String id) {
    DiztlException e = assertThrows(DiztlException.class, () -> admission.admit(request, id));
    assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
    assertTrue(e.getMessage().startsWith(KeyAdmission.NEEDS_KEY), e.getMessage());
    return e;
  }

  @Test
  void aNodeProvingTheKeyIsAdmittedAndTheTrackerProvesItBack() {
    byte[] nodeNonce = NetworkKey.nonce();
    ChallengeResponse challenge = challenge(NODE, nodeNonce);

    assertTrue(challenge.getKeyRequired());
    assertEquals(KeyAdmission.NONCE_TTL.toMillis(), challenge.getExpiresInMillis());
    assertTrue(
        key.checkTrackerProof(nodeNonce, TRACKER, NODE, challenge.getTrackerProof().toByteArray()));
    admission.admit(register(key, challenge, NODE), NODE);
  }

  @Test
  void aNodeWithoutAProofIsToldTheNetworkNeedsAKey() {
    DiztlException e =
        refused(RegisterRequest.newBuilder().setNode(NodeInfo.newBuilder()).build(), NODE);

    assertTrue(e.getMessage().contains("--network-key-file"), e.getMessage());
  }

  @Test
  void anotherKeyIsRefused() {
    refused(register(NetworkKey.generate(), challenge(NODE, NetworkKey.nonce()), NODE), NODE);
  }

  @Test
  void aNonceIsUsedOnceEvenByAFailedProof() {
    ChallengeResponse challenge = challenge(NODE, NetworkKey.nonce());
    admission.admit(register(key, challenge, NODE), NODE);

    refused(register(key, challenge, NODE), NODE);
    ChallengeResponse second = challenge(NODE, NetworkKey.nonce());
    refused(register(NetworkKey.generate(), second, NODE), NODE);
    refused(register(key, second, NODE), NODE);
  }

  @Test
  void aNonceExpires() {
    ChallengeResponse challenge = challenge(NODE, NetworkKey.nonce());
    clock.addAndGet(KeyAdmission.NONCE_TTL.toNanos() + 1);

    DiztlException e = refused(register(key, challenge, NODE), NODE);
    assertTrue(e.getMessage().contains("expired"), e.getMessage());
  }

  @Test
  void aProofIsBoundToTheIdentityTheChallengeWentTo() {
    // Another node relays its challenge to NODE's caller, or NODE's proof is replayed by OTHER.
    ChallengeResponse toOther = challenge(OTHER, NetworkKey.nonce());
    refused(register(key, toOther, NODE), NODE);

    ChallengeResponse toNode = challenge(NODE, NetworkKey.nonce());
    RegisterRequest nodesProof = register(key, toNode, NODE);
    refused(nodesProof, OTHER);
  }

  @Test
  void aMalformedChallengeRequestIsInvalid() {
    DiztlException e = assertThrows(DiztlException.class, () -> challenge(NODE, new byte[3]));

    assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
  }

  @Test
  void outstandingChallengesAreBoundedAndExpiredOnesMakeRoom() {
    for (int i = 0; i < KeyAdmission.MAX_OUTSTANDING; i++) {
      challenge(OTHER, NetworkKey.nonce());
    }

    DiztlException e =
        assertThrows(DiztlException.class, () -> challenge(NODE, NetworkKey.nonce()));
    assertEquals(ErrorKind.RESOURCE_EXHAUSTED, e.kind());
    clock.addAndGet(KeyAdmission.NONCE_TTL.toNanos() + 1);
    assertFalse(challenge(NODE, NetworkKey.nonce()).getNonce().isEmpty());
  }
}
