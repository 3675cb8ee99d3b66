package io.diztl.index.internal;

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

/** Computes SHA-256 digests of files and strings. */
public final class Sha256 {

  private static final int MAX_BUFFER = 1 << 20;
  private static final int MIN_BUFFER = 8 << 10;

  private Sha256() {}

  /** The lower-case hex SHA-256 of the content of {@code file}, read without following links. */
  public static String ofFile(Path file) throws IOException {
    MessageDigest digest = newDigest();
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      // Heap buffer: MessageDigest reads its array directly. Small files get a small buffer so
      // hashing many of them does not churn through 1 MiB allocations.
      long size = channel.size();
      ByteBuffer buffer = ByteBuffer.allocate(Math.clamp(size, MIN_BUFFER, MAX_BUFFER));
      while (channel.read(buffer) >= 0) {
        buffer.flip();
        digest.update(buffer);
        buffer.clear();
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The first {@code bytes} bytes of the SHA-256 of the UTF-8 form of {@code text}, as hex. */
  public static String prefixOf(String text, int bytes) {
    byte[] hash = newDigest().digest(text.getBytes(StandardCharsets.UTF_8));
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
