package io.diztl.index;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Checks one piece at a time against its {@link PieceHashes} as its bytes come, in buffers of any
 * size: the same tree as {@link PieceHashes#verify}, without the piece in one buffer. Not
 * thread-safe; one per receiving stream, reused from piece to piece.
 */
public final class PieceDigest {

  private final PieceHashes hashes;
  private final MessageDigest digest = MerkleHasher.newDigest();
  private final int leaves;
  private final byte[] leafHashes;
  private int piece = -1;
  private int leaf;
  private int blockFill;
  private int hashed;

  /** A digest of the pieces {@code hashes} describes. */
  public PieceDigest(PieceHashes hashes) {
    this.hashes = hashes;
    this.leaves =
        hashes.count() == 1
            ? MerkleHasher.leavesOfSize(hashes.size())
            : hashes.pieceSize() / MerkleHasher.BLOCK;
    this.leafHashes = new byte[leaves * MerkleHasher.HASH_BYTES];
  }

  /** Starts piece {@code index}, forgetting what was given of another. */
  public void start(int index) {
    hashes.length(index); // checks the index
    piece = index;
    leaf = 0;
    blockFill = 0;
    hashed = 0;
    digest.reset();
  }

  /**
   * Hashes the remaining bytes of {@code data}, leaving its position as it was.
   *
   * @throws IllegalStateException when no piece was started or the bytes go past its end
   */
  public void update(ByteBuffer data) {
    if (piece < 0 || hashed + (long) data.remaining() > hashes.length(piece)) {
      throw new IllegalStateException(
          "expected at most the bytes of the piece started, found "
              + data.remaining()
              + " more after "
              + hashed
              + " of piece "
              + piece);
    }
    int position = data.position();
    int limit = data.limit();
    while (data.position() < limit) {
      int take = Math.min(limit - data.position(), MerkleHasher.BLOCK - blockFill);
      data.limit(data.position() + take);
      digest.update(data);
      blockFill += take;
      hashed += take;
      if (blockFill == MerkleHasher.BLOCK) {
        endLeaf();
      }
    }
    data.limit(limit).position(position);
  }

  /**
   * Whether the bytes given since {@link #start} are the whole piece and match its hash; the piece
   * is finished either way (start another).
   */
  public boolean matches() {
    if (piece < 0 || hashed != hashes.length(piece)) {
      piece = -1;
      return false;
    }
    if (blockFill > 0 || leaf == 0) {
      endLeaf();
    }
    Arrays.fill(leafHashes, leaf * MerkleHasher.HASH_BYTES, leafHashes.length, (byte) 0);
    byte[] root = MerkleHasher.reduce(leafHashes, leaves, digest);
    int at = piece * MerkleHasher.HASH_BYTES;
    piece = -1;
    return Arrays.equals(root, 0, root.length, hashes.layer(), at, at + MerkleHasher.HASH_BYTES);
  }

  private void endLeaf() {
    MerkleHasher.digestInto(digest, leafHashes, leaf++);
    blockFill = 0;
  }
}
