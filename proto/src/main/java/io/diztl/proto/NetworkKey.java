package io.diztl.proto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The shared secret of a closed network: 32 random bytes that the tracker and every node of the
 * network hold. It never crosses the wire: a node proves it with an HMAC-SHA256 over a single-use
 * nonce from the tracker and both TLS identities ({@link #nodeProof}), and the tracker proves it
 * back over a nonce of the node's ({@link #trackerProof}), so a proof is good for one registration
 * of one node with one tracker only.
 *
 * <p>The file holds comment lines starting with {@code #} and one line with the key in unpadded
 * base64url (43 characters); {@link #write} creates it readable by the owner only.
 */
public final class NetworkKey {

  /** Bytes of key, and of every nonce. */
  public static final int BYTES = 32;

  private static final String NODE_LABEL = "diztl-node-proof-v1";
  private static final String TRACKER_LABEL = "diztl-tracker-proof-v1";
  private static final String MEMBER_LABEL = "diztl-cluster-member-proof-v1";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private final SecretKeySpec key;

  private NetworkKey(byte[] bytes) {
    this.key = new SecretKeySpec(bytes, "HmacSHA256");
  }

  /** A new key from the system's strong random source. */
  public static NetworkKey generate() {
    return new NetworkKey(nonce());
  }

  /** {@value #BYTES} fresh random bytes, for a challenge. */
  public static byte[] nonce() {
    byte[] bytes = new byte[BYTES];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /**
   * The key in {@code file}.
   *
   * @throws IllegalArgumentException when the file holds no key of the expected form
   * @throws UncheckedIOException when it cannot be read
   */
  public static NetworkKey read(Path file) {
    Objects.requireNonNull(file, "file");
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the network key file " + file + ": " + e.getMessage(), e);
    }
    List<String> values =
        lines.stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    byte[] bytes = null;
    if (values.size() == 1) {
      try {
        bytes = Base64.getUrlDecoder().decode(values.get(0));
      } catch (IllegalArgumentException e) {
        bytes = null;
      }
    }
    if (bytes == null || bytes.length != BYTES) {
      throw new IllegalArgumentException(
          "the network key file "
              + file
              + " should hold one line of 43 base64url characters (as diztl key new writes),"
              + " found "
              + (values.isEmpty() ? "none" : values.size() + " line(s) of another form"));
    }
    return new NetworkKey(bytes);
  }

  /**
   * Writes this key to {@code file}, readable by the owner only; refuses to replace an existing
   * file, so a network's key is never lost by mistake.
   *
   * @throws UncheckedIOException when the file exists or cannot be written
   */
  public void write(Path file) {
    Objects.requireNonNull(file, "file");
    String text =
        "# diztl network key: give it only to the tracker and the nodes of this network\n"
            + "# (diztl tracker/node --network-key-file FILE). Anyone who has it can join.\n"
            + Base64.getUrlEncoder().withoutPadding().encodeToString(key.getEncoded())
            + "\n";
    try {
      if (Files.getFileStore(file.toAbsolutePath().getParent())
          .supportsFileAttributeView("posix")) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      } else {
        Files.createFile(file);
      }
      Files.writeString(file, text, StandardCharsets.US_ASCII);
    } catch (FileAlreadyExistsException e) {
      throw new UncheckedIOException(
          file + " exists already: the key of a network is not replaced; choose another file", e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the network key file " + file + ": " + e.getMessage(), e);
    }
  }

  /** What a node sends to prove the key: bound to the tracker's nonce and both identities. */
  public byte[] nodeProof(byte[] trackerNonce, String trackerId, String nodeId) {
    return mac(NODE_LABEL, trackerNonce, trackerId, nodeId);
  }

  /** What a tracker sends to prove the key: bound to the node's nonce and both identities. */
  public byte[] trackerProof(byte[] nodeNonce, String trackerId, String nodeId) {
    return mac(TRACKER_LABEL, nodeNonce, trackerId, nodeId);
  }

  /** Whether {@code proof} is the {@link #nodeProof}, compared in constant time. */
  public boolean checkNodeProof(
      byte[] trackerNonce, String trackerId, String nodeId, byte[] proof) {
    return MessageDigest.isEqual(nodeProof(trackerNonce, trackerId, nodeId), proof);
  }

  /** Whether {@code proof} is the {@link #trackerProof}, compared in constant time. */
  public boolean checkTrackerProof(
      byte[] nodeNonce, String trackerId, String nodeId, byte[] proof) {
    return MessageDigest.isEqual(trackerProof(nodeNonce, trackerId, nodeId), proof);
  }

  /**
   * What a tracker sends another tracker of its cluster to prove the key: bound to the verifier's
   * nonce and both identities, and never equal to a node's or tracker's admission proof.
   */
  public byte[] memberProof(byte[] verifierNonce, String proverId, String verifierId) {
    return mac(MEMBER_LABEL, verifierNonce, proverId, verifierId);
  }

  /** Whether {@code proof} is the {@link #memberProof}, compared in constant time. */
  public boolean checkMemberProof(
      byte[] verifierNonce, String proverId, String verifierId, byte[] proof) {
    return MessageDigest.isEqual(memberProof(verifierNonce, proverId, verifierId), proof);
  }

  private byte[] mac(String label, byte[] nonce, String trackerId, String nodeId) {
    Objects.requireNonNull(nonce, "nonce");
    if (nonce.length != BYTES) {
      throw new IllegalArgumentException("a nonce has " + BYTES + " bytes, found " + nonce.length);
    }
    byte[] tracker = id(trackerId, "trackerId");
    byte[] node = id(nodeId, "nodeId");
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(label.getBytes(StandardCharsets.US_ASCII));
      mac.update((byte) 0);
      mac.update(nonce);
      // Each id after its length: no two inputs share an encoding.
      mac.update((byte) tracker.length);
      mac.update(tracker);
      mac.update((byte) node.length);
      mac.update(node);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }

  private static byte[] id(String id, String name) {
    byte[] bytes = Objects.requireNonNull(id, name).getBytes(StandardCharsets.UTF_8);
    if (bytes.length == 0 || bytes.length > 255) {
      throw new IllegalArgumentException(name + " must have 1-255 bytes, found " + bytes.length);
    }
    return bytes;
  }

  /** Never the key itself. */
  @Override
  public String toString() {
    return "NetworkKey[hidden]";
  }
}
