package io.diztl.node.internal.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.diztl.index.MerkleHasher;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransferSinkTest {

  @TempDir Path dir;

  @Test
  void writesEveryChunkInOrderAndHashesThem() throws Exception {
    Path part = dir.resolve("a.part");
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    Random random = new Random(7);
    int chunks = TransferSink.QUEUE_CHUNKS * 3;
    int chunkBytes = (int) (TransferSink.FLUSH_BYTES / 40);
    long size = (long) chunks * chunkBytes + (long) chunks * (chunks - 1) / 2;
    try (TransferSink sink = new TransferSink(part, 0, new MerkleHasher(size))) {
      // More chunks than the queue holds, and more bytes than one background flush.
      for (int i = 0; i < chunks; i++) {
        byte[] chunk = new byte[chunkBytes + i];
        random.nextBytes(chunk);
        expected.write(chunk);
        sink.write(ByteString.copyFrom(chunk));
      }
      assertEquals(sha256(expected.toByteArray()), sink.sha256());
      sink.force();
    }
    assertArrayEquals(expected.toByteArray(), Files.readAllBytes(part));
  }

  @Test
  void continuesAPartialAfterItsOffsetAndCutsOffTheRest() throws Exception {
    Path part = dir.resolve("b.part");
    Files.write(part, "0123456789-stale".getBytes());
    MerkleHasher digest = new MerkleHasher(13);
    digest.update(ByteBuffer.wrap("0123456789".getBytes()));
    try (TransferSink sink = new TransferSink(part, 10, digest)) {
      sink.write(ByteString.copyFromUtf8("abc"));
      assertEquals(sha256("0123456789abc".getBytes()), sink.sha256());
    }
    assertEquals("0123456789abc", Files.readString(part));
  }

  @Test
  void takesNoDataOnceTheHashWasAskedFor() throws Exception {
    try (TransferSink sink = new TransferSink(dir.resolve("c.part"), 0, new MerkleHasher(1))) {
      sink.write(ByteString.copyFromUtf8("x"));
      sink.sha256();
      assertThrows(IllegalStateException.class, () -> sink.write(ByteString.copyFromUtf8("y")));
    }
  }

  @Test
  void closingWithoutFinishingStopsTheHashingThread() throws Exception {
    TransferSink sink = new TransferSink(dir.resolve("d.part"), 0, new MerkleHasher(9));
    sink.write(ByteString.copyFromUtf8("some data"));
    sink.close();
    assertEquals(
        0,
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("diztl-transfer-hash"))
            .count());
  }

  private static String sha256(byte[] bytes) {
    MerkleHasher hasher = new MerkleHasher(bytes.length);
    hasher.update(ByteBuffer.wrap(bytes));
    return hasher.finish().rootHex();
  }
}
