package io.diztl.node.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
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
    try (TransferSink sink = new TransferSink(part, 0, MessageDigest.getInstance("SHA-256"))) {
      // More chunks than the queue holds, and more bytes than one background flush.
      for (int i = 0; i < TransferSink.QUEUE_CHUNKS * 3; i++) {
        byte[] chunk = new byte[(int) (TransferSink.FLUSH_BYTES / 40) + i];
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
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    digest.update("0123456789".getBytes());
    try (TransferSink sink = new TransferSink(part, 10, digest)) {
      sink.write(ByteString.copyFromUtf8("abc"));
      assertEquals(sha256("0123456789abc".getBytes()), sink.sha256());
    }
    assertEquals("0123456789abc", Files.readString(part));
  }

  @Test
  void takesNoDataOnceTheHashWasAskedFor() throws Exception {
    try (TransferSink sink =
        new TransferSink(dir.resolve("c.part"), 0, MessageDigest.getInstance("SHA-256"))) {
      sink.write(ByteString.copyFromUtf8("x"));
      sink.sha256();
      assertThrows(IllegalStateException.class, () -> sink.write(ByteString.copyFromUtf8("y")));
    }
  }

  @Test
  void closingWithoutFinishingStopsTheHashingThread() throws Exception {
    TransferSink sink =
        new TransferSink(dir.resolve("d.part"), 0, MessageDigest.getInstance("SHA-256"));
    sink.write(ByteString.copyFromUtf8("some data"));
    sink.close();
    assertEquals(
        0,
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("diztl-transfer-hash"))
            .count());
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
