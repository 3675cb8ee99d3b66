package io.diztl.index;

import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Computes a file's {@link PieceHashes} in one pass over its bytes: each 16 KiB block is hashed
 * once with SHA-256, and the tree above the blocks costs one more SHA-256 of 64 bytes per block, so
 * the whole runs at about the speed of a plain SHA-256. Not thread-safe; one per file.
 *
 * <p>The tree follows BitTorrent v2 (BEP 52): the leaves are the SHA-256 of each block (the last
 * one possibly short), padded with zero hashes to a power of two, and each node is the SHA-256 of
 * its two children. A piece's hash is the root of the subtree over its blocks.
 */
public final class MerkleHasher {

  /** The leaf block size. */
  public static final int BLOCK = 16 * 1024;

  /** The size of each hash. */
  public static final int HASH_BYTES = 32;

  /** The smallest piece. */
  public static final int MIN_PIECE = 128 * 1024;

  /** The largest piece. */
  public static final int MAX_PIECE = 16 * 1024 * 1024;

  /** About how many pieces a big file is cut into. */
  private static final long TARGET_PIECES = 2048;

  private final MessageDigest blocks = newDigest();
  private final MessageDigest nodes = newDigest();
  private final long size;
  private final int leavesPerPiece;
  private final byte[] leaves;
  private final byte[] layer;
  private int leafCount;
  private int pieceCount;
  private int blockFill;
  private long hashed;

  /** A hasher for content of exactly {@code size} bytes. */
  public MerkleHasher(long size) {
    if (size < 0) {
      throw new IllegalArgumentException("expected a size of 0 or more, found " + size);
    }
    this.size = size;
    int pieces = pieceCount(size);
    this.leavesPerPiece = pieces == 1 ? leavesOfSize(size) : pieceSize(size) / BLOCK;
    this.leaves = new byte[leavesPerPiece * HASH_BYTES];
    this.layer = new byte[pieces * HASH_BYTES];
  }

  /** The piece size of a file of {@code size} bytes: its 2048th, a power of two in bounds. */
  public static int pieceSize(long size) {
    long wanted = size / TARGET_PIECES;
    long pow2 = wanted <= 1 ? 1 : Long.highestOneBit(wanted - 1) << 1;
    return Math.clamp(pow2, MIN_PIECE, MAX_PIECE);
  }

  /** How many pieces a file of {@code size} bytes has; one for an empty file. */
  public static int pieceCount(long size) {
    int piece = pieceSize(size);
    return (int) Math.max(1, (size + piece - 1) / piece);
  }

  /** The leaves of the tree of a file of one piece: its blocks, rounded up to a power of two. */
  static int leavesOfSize(long size) {
    long blocks = Math.max(1, (size + BLOCK - 1) / BLOCK);
    return (int) (blocks == 1 ? 1 : Long.highestOneBit(blocks - 1) << 1);
  }

  /** Hashes the remaining bytes of {@code data}, consuming them. */
  public void update(ByteBuffer data) {
    if (hashed + data.remaining() > size) {
      throw new IllegalStateException(
          "expected " + size + " bytes, found at least " + (hashed + data.remaining()));
    }
    while (data.hasRemaining()) {
      int take = Math.min(data.remaining(), BLOCK - blockFill);
      int limit = data.limit();
      data.limit(data.position() + take);
      blocks.update(data);
      data.limit(limit);
      blockFill += take;
      hashed += take;
      if (blockFill == BLOCK) {
        endLeaf();
      }
    }
  }

  /** The hashes, once all {@code size} bytes were given. */
  public PieceHashes finish() {
    if (hashed != size) {
      throw new IllegalStateException("expected " + size + " bytes, found " + hashed);
    }
    if (blockFill > 0 || size == 0) {
      endLeaf();
    }
    if (leafCount > 0) {
      endPiece();
    }
    return new PieceHashes(rootOfLayer(layer, size), size, layer);
  }

  /** The root of the whole file given its piece hashes. */
  static byte[] rootOfLayer(byte[] layer, long size) {
    int pieces = layer.length / HASH_BYTES;
    if (pieces == 1) {
      return Arrays.copyOf(layer, HASH_BYTES);
    }
    int width = Integer.highestOneBit(pieces - 1) << 1;
    byte[] tree = Arrays.copyOf(layer, width * HASH_BYTES);
    byte[] padding = zeroSubtree(pieceSize(size) / BLOCK);
    for (int i = pieces; i < width; i++) {
      System.arraycopy(padding, 0, tree, i * HASH_BYTES, HASH_BYTES);
    }
    return reduce(tree, width, newDigest());
  }

  /**
   * Hashes whole pieces of a file of {@code size} bytes: the remaining bytes of {@code data} are
   * its content from the start of piece {@code first} on, whole pieces but for the file's last one,
   * which may be short. Writes each piece's hash at its place in {@code layer} (32 bytes a piece,
   * as in {@link PieceHashes#layer()}) and consumes {@code data}. Needs no instance and shares no
   * state, so threads can hash the pieces of one file side by side into one layer.
   *
   * @throws IllegalArgumentException when {@code data} does not end at a piece's end or the file's
   */
  public static void hashPieces(long size, int first, ByteBuffer data, byte[] layer) {
    int pieces = pieceCount(size);
    long piece = pieceSize(size);
    long start = first * piece;
    long end = start + data.remaining();
    if (first < 0
        || first >= pieces
        || end > size
        || (end != size && end % piece != 0)
        || (data.remaining() == 0 && size != 0)
        || layer.length != pieces * HASH_BYTES) {
      throw new IllegalArgumentException(
          "expected whole pieces of a file of "
              + size
              + " bytes and a layer of "
              + pieces
              + " hashes, found "
              + data.remaining()
              + " bytes from piece "
              + first
              + " and a layer of "
              + layer.length
              + " bytes");
    }
    int leaves = pieces == 1 ? leavesOfSize(size) : (int) (piece / BLOCK);
    MessageDigest digest = newDigest();
    byte[] hashes = new byte[leaves * HASH_BYTES];
    int index = first;
    do {
      int limit = data.limit();
      data.limit((int) Math.min(limit, data.position() + piece));
      byte[] root = subtreeRoot(data, hashes, leaves, digest);
      data.limit(limit);
      System.arraycopy(root, 0, layer, index++ * HASH_BYTES, HASH_BYTES);
    } while (data.hasRemaining());
  }

  /**
   * The hashes of a file of {@code size} bytes given its piece hashes (as {@link #hashPieces(long,
   * int, ByteBuffer, byte[])} writes them), with the root computed from them.
   */
  public static PieceHashes ofPieces(long size, byte[] layer) {
    if (layer.length != pieceCount(size) * HASH_BYTES) {
      throw new IllegalArgumentException(
          "expected "
              + pieceCount(size)
              + " piece hashes for "
              + size
              + " bytes, found "
              + layer.length
              + " bytes of hashes");
    }
    return new PieceHashes(rootOfLayer(layer, size), size, layer);
  }

  /** The root of the subtree of {@code leaves} leaves over the remaining bytes of {@code data}. */
  static byte[] subtreeRoot(ByteBuffer data, int leaves) {
    return subtreeRoot(data, new byte[leaves * HASH_BYTES], leaves, newDigest());
  }

  /**
   * {@link #subtreeRoot(ByteBuffer, int)} with the leaf hashes in {@code hashes} (overwritten, of
   * {@code leaves} hashes) and {@code digest} reused.
   */
  private static byte[] subtreeRoot(
      ByteBuffer data, byte[] hashes, int leaves, MessageDigest digest) {
    int leaf = 0;
    do {
      int take = Math.min(data.remaining(), BLOCK);
      int limit = data.limit();
      data.limit(data.position() + take);
      digest.update(data);
      data.limit(limit);
      digestInto(digest, hashes, leaf++);
    } while (data.hasRemaining());
    Arrays.fill(hashes, leaf * HASH_BYTES, leaves * HASH_BYTES, (byte) 0);
    return reduce(hashes, leaves, digest);
  }

  private void endLeaf() {
    digestInto(blocks, leaves, leafCount++);
    blockFill = 0;
    if (leafCount == leavesPerPiece) {
      endPiece();
    }
  }

  private void endPiece() {
    Arrays.fill(leaves, leafCount * HASH_BYTES, leaves.length, (byte) 0);
    byte[] piece = reduce(leaves, leavesPerPiece, nodes);
    System.arraycopy(piece, 0, layer, pieceCount++ * HASH_BYTES, HASH_BYTES);
    leafCount = 0;
  }

  /** The root of a subtree whose {@code leaves} leaves are all zero hashes. */
  private static byte[] zeroSubtree(int leaves) {
    return reduce(new byte[leaves * HASH_BYTES], leaves, newDigest());
  }

  /** Hashes pairs of the first {@code count} (a power of two) hashes in place up to one root. */
  static byte[] reduce(byte[] hashes, int count, MessageDigest digest) {
    for (int width = count; width > 1; width /= 2) {
      for (int i = 0; i < width / 2; i++) {
        digest.update(hashes, 2 * i * HASH_BYTES, 2 * HASH_BYTES);
        digestInto(digest, hashes, i);
      }
    }
    return Arrays.copyOf(hashes, HASH_BYTES);
  }

  static void digestInto(MessageDigest digest, byte[] hashes, int index) {
    try {
      digest.digest(hashes, index * HASH_BYTES, HASH_BYTES);
    } catch (DigestException e) {
      throw new IllegalStateException("a SHA-256 digest always fits 32 bytes", e);
    }
  }

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "MerkleHasher[" + hashed + " of " + size + " bytes]";
  }
}
