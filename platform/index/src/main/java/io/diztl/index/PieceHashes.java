package io.diztl.index;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * A file's content identity and the hashes of its pieces: the SHA-256 Merkle root over 16 KiB
 * blocks (as in BitTorrent v2, BEP 52) and the roots of the subtrees that cover each piece. The
 * root does not depend on the piece size; each piece can be checked on its own, and the piece
 * hashes can be checked against the root.
 *
 * <p>A file of one piece has one piece hash, the root itself. The arrays are not copied: treat them
 * as read-only.
 *
 * @param root the 32-byte Merkle root, the file's identity
 * @param size the file's size in bytes
 * @param layer the piece hashes, 32 bytes each, in file order
 */
public record PieceHashes(byte[] root, long size, byte[] layer) {

  /** Checks the parts fit together: a root of 32 bytes and one hash per piece. */
  public PieceHashes {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(layer, "layer");
    if (root.length != MerkleHasher.HASH_BYTES || size < 0) {
      throw new IllegalArgumentException(
          "expected a 32-byte root and a size of 0 or more, found "
              + root.length
              + " bytes and "
              + size);
    }
    long pieces = MerkleHasher.pieceCount(size);
    if (layer.length != pieces * MerkleHasher.HASH_BYTES) {
      throw new IllegalArgumentException(
          "expected "
              + pieces
              + " piece hashes for "
              + size
              + " bytes, found "
              + layer.length
              + " bytes of hashes");
    }
  }

  /**
   * Piece hashes received from elsewhere, checked against the identity {@code rootHex}.
   *
   * @throws DiztlException ({@code FAILED_PRECONDITION}) when they do not lead to that root
   */
  public static PieceHashes checked(String rootHex, long size, byte[] layer) {
    byte[] root = parseHex(rootHex);
    PieceHashes hashes;
    try {
      hashes = new PieceHashes(root, size, layer);
    } catch (IllegalArgumentException e) {
      throw new DiztlException(
          ErrorKind.FAILED_PRECONDITION, "bad piece hashes: " + e.getMessage());
    }
    if (!Arrays.equals(MerkleHasher.rootOfLayer(layer, size), root)) {
      throw new DiztlException(
          ErrorKind.FAILED_PRECONDITION,
          "expected piece hashes leading to " + rootHex + ", found hashes of other content");
    }
    return hashes;
  }

  /** The identity as lower-case hex, the form search hits and queries use. */
  public String rootHex() {
    return HexFormat.of().formatHex(root);
  }

  /** The size of each piece but the last. */
  public int pieceSize() {
    return MerkleHasher.pieceSize(size);
  }

  /** How many pieces the file has (one for an empty file). */
  public int count() {
    return layer.length / MerkleHasher.HASH_BYTES;
  }

  /** Where piece {@code index} starts in the file. */
  public long offset(int index) {
    return (long) index * pieceSize();
  }

  /** How many bytes piece {@code index} holds. */
  public int length(int index) {
    Objects.checkIndex(index, count());
    return (int) Math.min(pieceSize(), size - offset(index));
  }

  /** Whether {@code data} (its remaining bytes, left unconsumed) is piece {@code index}. */
  public boolean verify(int index, ByteBuffer data) {
    if (data.remaining() != length(index)) {
      return false;
    }
    int leaves = count() == 1 ? MerkleHasher.leavesOfSize(size) : pieceSize() / MerkleHasher.BLOCK;
    byte[] actual = MerkleHasher.subtreeRoot(data.duplicate(), leaves);
    return Arrays.equals(
        actual,
        0,
        actual.length,
        layer,
        index * MerkleHasher.HASH_BYTES,
        (index + 1) * MerkleHasher.HASH_BYTES);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PieceHashes that
        && size == that.size
        && Arrays.equals(root, that.root)
        && Arrays.equals(layer, that.layer);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(root);
  }

  @Override
  public String toString() {
    return "PieceHashes[" + rootHex() + ", " + size + " bytes, " + count() + " pieces]";
  }

  private static byte[] parseHex(String hex) {
    String lower = Objects.requireNonNull(hex, "rootHex").toLowerCase(Locale.ROOT);
    if (!lower.matches("[0-9a-f]{64}")) {
      throw new DiztlException(
          ErrorKind.INVALID_ARGUMENT,
          "expected a content hash of 64 hex characters, found '"
              + (hex.length() > 70 ? hex.substring(0, 70) + "..." : hex)
              + "'");
    }
    return HexFormat.of().parseHex(lower);
  }
}
