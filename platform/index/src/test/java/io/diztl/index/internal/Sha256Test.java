package io.diztl.index.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.diztl.index.MerkleHasher;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {

  @TempDir Path dir;

  private static String expected(byte[] content) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
  }

  private Path file(String name, int size) throws IOException {
    byte[] content = new byte[size];
    new Random(size).nextBytes(content);
    return Files.write(dir.resolve(name), content);
  }

  @Test
  void hashesFilesOfEverySizeAroundTheChunkAndReadAheadBounds() throws Exception {
    int mib = 1 << 20;
    int[] sizes = {
      0, 1, 8 << 10, mib - 1, mib, mib + 1, 8 * mib - 1, 8 * mib, 8 * mib + 1, 21 * mib + 7
    };
    for (int size : sizes) {
      Path file = file("f" + size, size);
      byte[] content = Files.readAllBytes(file);
      MerkleHasher hasher = new MerkleHasher(content.length);
      hasher.update(ByteBuffer.wrap(content));
      assertEquals(hasher.finish(), Sha256.contentOf(file), "size " + size);
    }
  }

  @Test
  void failsOnAMissingFile() {
    assertThrows(NoSuchFileException.class, () -> Sha256.contentOf(dir.resolve("missing")));
  }

  @Test
  void prefixIsTheStartOfTheDigestOnEveryThread() throws Exception {
    String whole = expected("some/path.txt".getBytes(StandardCharsets.UTF_8));
    String[] fromOtherThread = new String[1];
    Thread other =
        Thread.ofPlatform().start(() -> fromOtherThread[0] = Sha256.prefixOf("some/path.txt", 12));
    other.join();
    assertEquals(whole.substring(0, 24), Sha256.prefixOf("some/path.txt", 12));
    assertEquals(whole.substring(0, 24), fromOtherThread[0]);
  }
}
