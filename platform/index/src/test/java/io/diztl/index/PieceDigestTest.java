package io.diztl.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PieceDigestTest {

  private static byte[] content(int size) {
    byte[] content = new byte[size];
    new Random(size).nextBytes(content);
    return content;
  }

  private static PieceHashes hashesOf(byte[] content) {
    MerkleHasher hasher = new MerkleHasher(content.length);
    hasher.update(ByteBuffer.wrap(content));
    return hasher.finish();
  }

  /** Feeds piece {@code piece} of {@code content} in slices of varying sizes, direct buffers. */
  private static boolean feed(PieceDigest digest, PieceHashes hashes, byte[] content, int piece) {
    digest.start(piece);
    Random sizes = new Random(piece);
    int start = (int) hashes.offset(piece);
    int end = start + hashes.length(piece);
    for (int at = start; at < end; ) {
      int take = Math.min(end - at, 1 + sizes.nextInt(40_000));
      ByteBuffer slice = ByteBuffer.allocateDirect(take).put(content, at, take).flip();
      digest.update(slice);
      assertEquals(0, slice.position(), "the buffer's position is left as it was");
      at += take;
    }
    return digest.matches();
  }

  @Test
  void everyPieceMatchesFedInSlicesOfAnySize() {
    // 3 MiB and a bit: pieces of 128 KiB, the last one short and not a whole number of blocks.
    byte[] content = content(3 * 1024 * 1024 + 5_000);
    PieceHashes hashes = hashesOf(content);
    PieceDigest digest = new PieceDigest(hashes);
    for (int piece = 0; piece < hashes.count(); piece++) {
      assertTrue(feed(digest, hashes, content, piece), "piece " + piece);
    }
  }

  @Test
  void aFileOfOnePieceAndAnEmptyFileMatch() {
    for (int size : new int[] {0, 1, 16 * 1024, 50_000}) {
      byte[] content = content(size);
      PieceHashes hashes = hashesOf(content);
      assertTrue(feed(new PieceDigest(hashes), hashes, content, 0), size + " bytes");
    }
  }

  @Test
  void aChangedByteOrAShortPieceDoesNotMatch() {
    byte[] content = content(1024 * 1024);
    PieceHashes hashes = hashesOf(content);
    PieceDigest digest = new PieceDigest(hashes);
    content[hashes.pieceSize() * 2 + 777] ^= 1;
    assertFalse(feed(digest, hashes, content, 2));
    assertTrue(feed(digest, hashes, content, 3), "the digest is reused for the next piece");

    digest.start(4);
    digest.update(ByteBuffer.wrap(content, (int) hashes.offset(4), 1000));
    assertFalse(digest.matches(), "1000 bytes are not the piece");
  }

  @Test
  void bytesPastThePieceAreRefused() {
    byte[] content = content(1024 * 1024);
    PieceHashes hashes = hashesOf(content);
    PieceDigest digest = new PieceDigest(hashes);
    assertThrows(IllegalStateException.class, () -> digest.update(ByteBuffer.allocate(1)));
    digest.start(0);
    assertThrows(
        IllegalStateException.class,
        () -> digest.update(ByteBuffer.allocate(hashes.pieceSize() + 1)));
  }
}
