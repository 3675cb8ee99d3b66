package io.diztl.node.internal.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.diztl.node.internal.transfer.DownloadCalls;
import io.diztl.proto.v1.DownloadResponse;
import io.diztl.proto.v1.FileHeader;
import io.grpc.Drainable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Chunks written from their buffer are the generated message, byte for byte. */
class DownloadPartTest {

  @Test
  void aDrainedChunkIsItsGeneratedMessage() throws IOException {
    for (int length : new int[] {0, 1, 127, 128, 16_384, 1 << 20}) {
      byte[] buffer = random(length + 9);
      DownloadPart.Chunk chunk = new DownloadPart.Chunk(buffer, length);
      InputStream stream = DownloadPart.METHOD.streamResponse(chunk);
      ByteString expected =
          DownloadResponse.newBuilder()
              .setData(ByteString.copyFrom(buffer, 0, length))
              .build()
              .toByteString();
      assertEquals(expected.size(), stream.available());

      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertFalse(chunk.drained());
      assertEquals(expected.size(), ((Drainable) stream).drainTo(out));
      assertTrue(chunk.drained(), "its buffer may take the next chunk");
      assertArrayEquals(expected.toByteArray(), out.toByteArray());
      assertEquals(-1, stream.read());
    }
  }

  @Test
  void aChunkReadByteByByteOrInPiecesIsItsGeneratedMessageToo() throws IOException {
    byte[] buffer = random(300);
    DownloadPart.Chunk chunk = new DownloadPart.Chunk(buffer, 300);
    InputStream stream = DownloadPart.METHOD.streamResponse(chunk);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(stream.read());
    byte[] piece = new byte[7];
    int n;
    while ((n = stream.read(piece, 0, piece.length)) > 0) {
      out.write(piece, 0, n);
    }
    assertTrue(chunk.drained());
    DownloadResponse parsed = DownloadResponse.parseFrom(out.toByteArray());
    assertArrayEquals(buffer, parsed.getData().toByteArray());
  }

  @Test
  void theReceiversParserReadsDataAndHeadersAsTheGeneratedOne() throws IOException {
    byte[] data = random(70_000);
    DownloadResponse chunk =
        DownloadCalls.DOWNLOAD.parseResponse(
            DownloadPart.METHOD.streamResponse(new DownloadPart.Chunk(data, data.length)));
    assertArrayEquals(data, chunk.getData().toByteArray());

    FileHeader header = FileHeader.newBuilder().setName("a.bin").setSize(3).build();
    DownloadResponse parsed =
        DownloadCalls.DOWNLOAD.parseResponse(
            DownloadPart.METHOD.streamResponse(new DownloadPart.Header(header)));
    assertEquals(header, parsed.getHeader());

    DownloadPart back =
        DownloadPart.METHOD.parseResponse(
            DownloadPart.METHOD.streamResponse(new DownloadPart.Chunk(data, 10)));
    assertArrayEquals(
        Arrays.copyOf(data, 10),
        assertInstanceOf(DownloadPart.Chunk.class, back).toResponse().getData().toByteArray());
  }

  private static byte[] random(int length) {
    byte[] bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    return bytes;
  }
}
