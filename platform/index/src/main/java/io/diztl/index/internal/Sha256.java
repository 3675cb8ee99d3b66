package io.diztl.index.internal;

import io.diztl.index.MerkleHasher;
import io.diztl.index.PieceHashes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Computes SHA-256 digests of files (their {@link PieceHashes}) and strings. Large files are read
 * and hashed on two background threads side by side ({@link ParallelFileHasher}).
 */
public final class Sha256 {

  /** The reads of files hashed on the calling thread alone, one reused buffer per thread. */
  private static final int SMALL_CHUNK = 64 << 10;

  /** Files at least this big are hashed on the background threads of {@link ParallelFileHasher}. */
  private static final long PARALLEL_MIN = 8L << 20;

  private static final ThreadLocal<MessageDigest> DIGESTS =
      ThreadLocal.withInitial(Sha256::newDigest);

  // Heap buffer: MessageDigest reads its array directly.
  private static final ThreadLocal<ByteBuffer> BUFFERS =
      ThreadLocal.withInitial(() -> ByteBuffer.allocate(SMALL_CHUNK));

  private Sha256() {}

  /**
   * The identity and piece hashes of the content of {@code file}, read once without following
   * links.
   *
   * @throws IOException when it cannot be read, or changes size while it is read
   */
  public static PieceHashes contentOf(Path file) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long size = channel.size();
      if (size >= PARALLEL_MIN) {
        return ParallelFileHasher.hash(file, channel, size);
      }
      // The thread's buffer: hashing many small files allocates next to nothing.
      MerkleHasher hasher = new MerkleHasher(size);
      ByteBuffer buffer = BUFFERS.get().clear();
      try {
        while (channel.read(buffer) >= 0) {
          buffer.flip();
          hasher.update(buffer);
          buffer.clear();
        }
        return hasher.finish();
      } catch (IllegalStateException e) {
        throw new IOException(file + " changed size while it was hashed: " + e.getMessage(), e);
      }
    }
  }

  /** The first {@code bytes} bytes of the SHA-256 of the UTF-8 form of {@code text}, as hex. */
  public static String prefixOf(String text, int bytes) {
    MessageDigest digest = DIGESTS.get();
    digest.reset(); // after a failed read of a file
    byte[] hash = digest.digest(text.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(hash, 0, bytes);
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
