package io.diztl.node.internal.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.diztl.index.MerkleHasher;
import io.diztl.index.PieceHashes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExistingCopyTest {

  @TempDir Path dir;

  /** Several pieces (128 KiB each), the last one short. */
  private static final byte[] CONTENT = bytes(3 * 128 * 1024 + 1_000, 1);

  private static final PieceHashes HASHES = hashes(CONTENT);

  @Test
  void theSameBytesAreTheContent() throws IOException {
    Path file = Files.write(dir.resolve("film.mkv"), CONTENT);
    assertEquals(Optional.of(file), ExistingCopy.of(file, HASHES));
  }

  @Test
  void aMissingFileOrOneOfAnotherSizeIsNot() throws IOException {
    assertEquals(Optional.empty(), ExistingCopy.of(dir.resolve("film.mkv"), HASHES));
    Path shorter = Files.write(dir.resolve("short.mkv"), new byte[CONTENT.length - 1]);
    assertEquals(Optional.empty(), ExistingCopy.of(shorter, HASHES));
  }

  @Test
  void otherBytesOfTheSameSizeAreNot() throws IOException {
    byte[] changed = CONTENT.clone();
    changed[changed.length - 1] ^= 1; // in the last piece: every piece is read
    Path file = Files.write(dir.resolve("film.mkv"), changed);
    assertEquals(Optional.empty(), ExistingCopy.of(file, HASHES));
  }

  @Test
  void aFolderOrALinkIsNot() throws IOException {
    Path real = Files.write(dir.resolve("real.mkv"), CONTENT);
    Path link = Files.createSymbolicLink(dir.resolve("link.mkv"), real);
    assertEquals(Optional.empty(), ExistingCopy.of(link, HASHES));
    assertEquals(
        Optional.empty(), ExistingCopy.of(Files.createDirectory(dir.resolve("f.mkv")), HASHES));
  }

  @Test
  void anEmptyFileIsTheEmptyContent() throws IOException {
    Path file = Files.write(dir.resolve("empty.txt"), new byte[0]);
    assertEquals(Optional.of(file), ExistingCopy.of(file, hashes(new byte[0])));
  }

  private static PieceHashes hashes(byte[] content) {
    MerkleHasher hasher = new MerkleHasher(content.length);
    hasher.update(ByteBuffer.wrap(content));
    return hasher.finish();
  }

  private static byte[] bytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
