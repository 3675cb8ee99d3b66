package io.diztl.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MerkleHasherTest {

  private static final int KIB = 1024;
  private static final int MIB = 1024 * KIB;

  /** The BEP 52 root straight from its definition: leaves padded with zeros to a power of two. */
  private static byte[] referenceRoot(byte[] content) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    List<byte[]> level = new ArrayList<>();
    for (int at = 0; at < Math.max(1, content.length); at += MerkleHasher.BLOCK) {
      level.add(sha.digest(Arrays.copyOfRange(content, at, Math.min(content.length, at + 16384))));
    }
    while (Integer.bitCount(level.size()) != 1) {
      level.add(new byte[32]);
    }
    while (level.size() > 1) {
      List<byte[]> up = new ArrayList<>();
      for (int i = 0; i < level.size(); i += 2) {
        sha.update(level.get(i));
        up.add(sha.digest(level.get(i + 1)));
      }
      level = up;
    }
    return level.get(0);
  }

  private static byte[] content(int size) {
    byte[] content = new byte[size];
    new Random(size).nextBytes(content);
    return content;
  }

  /** Hashes {@code content} fed in slices of {@code slice} bytes. */
  private static PieceHashes hash(byte[] content, int slice) {
    MerkleHasher hasher = new MerkleHasher(content.length);
    for (int at = 0; at < content.length; at += slice) {
      hasher.update(ByteBuffer.wrap(content, at, Math.min(slice, content.length - at)));
    }
    return hasher.finish();
  }

  @Test
  void rootIsTheBep52RootWhateverThePieceSizeAndTheSlicesFed() throws Exception {
    int[] sizes = {0, 1, 16 * KIB - 1, 16 * KIB, 16 * KIB + 1, 200 * KIB, MIB, 3 * MIB + 5};
    for (int size : sizes) {
      byte[] content = content(size);
      byte[] expected = referenceRoot(content);
      assertArrayEquals(expected, hash(content, 1 << 20).root(), "size " + size);
      assertArrayEquals(expected, hash(content, 7 * KIB + 3).root(), "size " + size);
    }
  }

  @Test
  void aFileOfOneBlockHasItsPlainSha256AsIdentity() throws Exception {
    byte[] content = content(10 * KIB);
    String plain = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    assertEquals(plain, hash(content, 4096).rootHex());
  }

  @Test
  void pieceSizeIsTheSizeOver2048RoundedUpToAPowerOfTwoInBounds() {
    assertEquals(128 * KIB, MerkleHasher.pieceSize(0));
    assertEquals(128 * KIB, MerkleHasher.pieceSize(256L * MIB));
    assertEquals(256 * KIB, MerkleHasher.pieceSize(256L * MIB + 2048));
    assertEquals(16 * MIB, MerkleHasher.pieceSize(50_000L * MIB));
    assertEquals(16 * MIB, MerkleHasher.pieceSize(Long.MAX_VALUE / 2));
    assertEquals(1, MerkleHasher.pieceCount(0));
    assertEquals(3, MerkleHasher.pieceCount(2 * 128 * KIB + 1));
  }

  @Test
  void eachPieceVerifiesOnItsOwnAndAChangedByteFails() {
    byte[] content = content(3 * 128 * KIB + 1000);
    PieceHashes hashes = hash(content, MIB);
    assertEquals(4, hashes.count());
    for (int i = 0; i < hashes.count(); i++) {
      ByteBuffer piece = ByteBuffer.wrap(content, (int) hashes.offset(i), hashes.length(i));
      assertTrue(hashes.verify(i, piece), "piece " + i);
      assertEquals(hashes.length(i), piece.remaining(), "verify consumes nothing");
    }
    content[2 * 128 * KIB + 17] ^= 1;
    assertFalse(hashes.verify(2, ByteBuffer.wrap(content, 2 * 128 * KIB, 128 * KIB)));
    assertFalse(hashes.verify(1, ByteBuffer.wrap(content, 2 * 128 * KIB, 128 * KIB)));
    assertFalse(hashes.verify(3, ByteBuffer.wrap(content, 3 * 128 * KIB, 999)));
  }

  @Test
  void theOnlyPieceOfASmallFileIsItsRoot() {
    byte[] content = content(40 * KIB);
    PieceHashes hashes = hash(content, MIB);
    assertEquals(1, hashes.count());
    assertArrayEquals(hashes.root(), hashes.layer());
    assertTrue(hashes.verify(0, ByteBuffer.wrap(content)));
  }

  @Test
  void pieceHashesFromElsewhereAreCheckedAgainstTheRoot() {
    PieceHashes hashes = hash(content(5 * 128 * KIB), MIB);
    assertEquals(
        hashes, PieceHashes.checked(hashes.rootHex(), hashes.size(), hashes.layer().clone()));
    byte[] forged = hashes.layer().clone();
    forged[40] ^= 1;
    DiztlException e =
        assertThrows(
            DiztlException.class,
            () -> PieceHashes.checked(hashes.rootHex(), hashes.size(), forged));
    assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind());
    assertThrows(
        DiztlException.class,
        () -> PieceHashes.checked(hashes.rootHex(), hashes.size(), Arrays.copyOf(forged, 64)));
    assertEquals(
        ErrorKind.INVALID_ARGUMENT,
        assertThrows(DiztlException.class, () -> PieceHashes.checked("zz", 1, forged)).kind());
  }

  @Test
  void refusesMoreOrFewerBytesThanAnnounced() {
    MerkleHasher hasher = new MerkleHasher(10);
    hasher.update(ByteBuffer.allocate(4));
    assertThrows(IllegalStateException.class, hasher::finish);
    assertThrows(IllegalStateException.class, () -> hasher.update(ByteBuffer.allocate(7)));
  }

  @Test
  void piecesHashedApartInAnyOrderGiveTheStreamedHashesAndTheBep52Root() throws Exception {
    int[] sizes = {0, 1, 40 * KIB, 128 * KIB, 128 * KIB + 1, 3 * MIB + 5};
    for (int size : sizes) {
      byte[] content = content(size);
      PieceHashes streamed = hash(content, MIB);
      byte[] layer = new byte[streamed.count() * MerkleHasher.HASH_BYTES];
      // Backwards, two pieces at a time (the last group possibly one short piece), from a direct
      // buffer as well as from arrays.
      for (int first = (streamed.count() - 1) / 2 * 2; first >= 0; first -= 2) {
        int from = (int) streamed.offset(first);
        int to = (int) Math.min(size, streamed.offset(first + 2));
        ByteBuffer data =
            first % 4 == 0
                ? ByteBuffer.wrap(content, from, to - from)
                : ByteBuffer.allocateDirect(to - from).put(content, from, to - from).flip();
        MerkleHasher.hashPieces(size, first, data, layer);
        assertFalse(data.hasRemaining(), "consumed");
      }
      PieceHashes apart = MerkleHasher.ofPieces(size, layer);
      assertEquals(streamed, apart, "size " + size);
      assertArrayEquals(referenceRoot(content), apart.root(), "size " + size);
    }
  }

  @Test
  void hashingPiecesRefusesBytesThatAreNotWholePiecesOfTheFile() {
    long size = 3 * 128 * KIB + 10;
    byte[] layer = new byte[4 * MerkleHasher.HASH_BYTES];
    assertThrows(
        IllegalArgumentException.class,
        () -> MerkleHasher.hashPieces(size, 0, ByteBuffer.allocate(128 * KIB - 1), layer));
    assertThrows(
        IllegalArgumentException.class,
        () -> MerkleHasher.hashPieces(size, 3, ByteBuffer.allocate(11), layer));
    assertThrows(
        IllegalArgumentException.class,
        () -> MerkleHasher.hashPieces(size, 4, ByteBuffer.allocate(0), layer));
    assertThrows(
        IllegalArgumentException.class,
        () -> MerkleHasher.hashPieces(size, 3, ByteBuffer.allocate(10), new byte[32]));
    assertThrows(IllegalArgumentException.class, () -> MerkleHasher.ofPieces(size, new byte[32]));
    MerkleHasher.hashPieces(size, 3, ByteBuffer.allocate(10), layer);
  }
}
