package io.diztl.node.internal.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.diztl.node.internal.piece.PieceSource;
import io.diztl.proto.v1.DownloadResponse;
import io.diztl.proto.v1.FileHeader;
import io.grpc.Detachable;
import io.grpc.HasByteBuffer;
import io.grpc.KnownLength;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The receiver's parser reads what senders write, keeping data in the transport's buffers. */
class ReceivedPartTest {

  @Test
  void dataIsHandedOutFromTheTransportsBuffersWithoutACopyPerMessage() throws IOException {
    for (int length : new int[] {0, 1, 127, 128, 16_384, 1 << 20}) {
      byte[] data = random(length);
      BufferStream wire = new BufferStream(encode(data), 5_000);
      ReceivedPart.Data part =
          assertInstanceOf(ReceivedPart.Data.class, ReceivedPart.METHOD.parseResponse(wire));
      assertEquals(length, part.length());
      BufferStream detached = wire.detachedTo;
      assertTrue(detached != null, "the data stays in the detached stream");

      List<ByteBuffer> seen = new ArrayList<>();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertTrue(part.drainTo(chunk -> seen.add(chunk) && copy(chunk, out)));
      assertArrayEquals(data, out.toByteArray());
      assertTrue(seen.stream().allMatch(ByteBuffer::isReadOnly), "the transport's own buffers");
      assertFalse(detached.closed);
      part.close();
      assertTrue(detached.closed, "closing gives the buffers back");
    }
  }

  @Test
  void aStreamThatKeepsItsBuffersHandsTheWholeMessageOverInOneCall() throws IOException {
    byte[] data = random(100_000);
    BufferStream wire = new BufferStream(encode(data), 5_000, true);
    ReceivedPart.Data part =
        assertInstanceOf(ReceivedPart.Data.class, ReceivedPart.METHOD.parseResponse(wire));
    List<Integer> calls = new ArrayList<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PieceSource.Sink sink =
        new PieceSource.Sink() {
          @Override
          public boolean accept(ByteBuffer chunk) {
            throw new AssertionError("expected the whole message in one call");
          }

          @Override
          public boolean acceptAll(ByteBuffer[] chunks, int count) {
            calls.add(count);
            for (int i = 0; i < count; i++) {
              assertTrue(chunks[i].isReadOnly(), "the transport's own buffers");
              copy(chunks[i], out);
            }
            return true;
          }
        };
    assertTrue(part.drainTo(sink));
    assertEquals(1, calls.size());
    assertTrue(calls.get(0) > 1, "the message came in several buffers: " + calls);
    assertArrayEquals(data, out.toByteArray(), "no buffer was given back before the call ended");
    part.close();
    assertTrue(wire.detachedTo.closed);
  }

  @Test
  void aSinkThatStopsGetsNoMore() throws IOException {
    byte[] data = random(20_000);
    ReceivedPart.Data part =
        (ReceivedPart.Data)
            ReceivedPart.METHOD.parseResponse(new BufferStream(encode(data), 4_096));
    int[] calls = {0};
    assertFalse(part.drainTo(chunk -> ++calls[0] < 2));
    assertEquals(2, calls[0]);
    part.close();
  }

  @Test
  void headersAndOtherEncodingsAreParsedByTheGeneratedCode() throws IOException {
    FileHeader header = FileHeader.newBuilder().setName("a.bin").setSize(3).build();
    byte[] encoded = DownloadResponse.newBuilder().setHeader(header).build().toByteArray();
    assertEquals(
        header,
        assertInstanceOf(
                ReceivedPart.Header.class,
                ReceivedPart.METHOD.parseResponse(new BufferStream(encoded, 3)))
            .header());

    // The data field twice: valid protobuf (the last one wins), not the sender's layout.
    byte[] first = encode(random(10));
    byte[] second = encode(random(30));
    byte[] twice = new byte[first.length + second.length];
    System.arraycopy(first, 0, twice, 0, first.length);
    System.arraycopy(second, 0, twice, first.length, second.length);
    assertArrayEquals(
        DownloadResponse.parseFrom(twice).getData().toByteArray(),
        drain(ReceivedPart.METHOD.parseResponse(new BufferStream(twice, 7))));

    // A stream gRPC cannot detach (in-process calls) is parsed generically.
    byte[] data = random(3_000);
    assertArrayEquals(
        data, drain(ReceivedPart.METHOD.parseResponse(new ByteArrayInputStream(encode(data)))));
  }

  @Test
  void aMessageThatIsNotProtobufIsAnError() {
    byte[] truncated = encode(random(100));
    byte[] cut = Arrays.copyOf(truncated, 50);
    assertThrows(
        StatusRuntimeException.class,
        () -> ReceivedPart.METHOD.parseResponse(new BufferStream(cut, 16)));
  }

  private static byte[] drain(ReceivedPart part) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(assertInstanceOf(ReceivedPart.Data.class, part).drainTo(c -> copy(c, out)));
    part.close();
    return out.toByteArray();
  }

  private static boolean copy(ByteBuffer chunk, ByteArrayOutputStream out) {
    byte[] bytes = new byte[chunk.remaining()];
    chunk.get(bytes);
    out.write(bytes, 0, bytes.length);
    return true;
  }

  /** A data message as senders write it (the {@code DownloadPart} layout). */
  private static byte[] encode(byte[] data) {
    return DownloadResponse.newBuilder().setData(ByteString.copyFrom(data)).build().toByteArray();
  }

  private static byte[] random(int length) {
    byte[] bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    return bytes;
  }

  /**
   * A stand-in for gRPC's buffer stream over a frame received in pieces of {@code slice} bytes: it
   * knows its length, lends read-only views of its buffers, and can be detached. Bytes skipped are
   * given back (zeroed) at once, or at {@link #close()} once the stream was marked ({@code
   * markable}: gRPC's streams keep a marked stream's buffers).
   */
  private static final class BufferStream extends InputStream
      implements KnownLength, HasByteBuffer, Detachable {
    private final byte[] bytes;
    private final int slice;
    private final boolean markable;
    private int position;
    private int markedAt = -1;
    boolean closed;
    BufferStream detachedTo;

    BufferStream(byte[] bytes, int slice) {
      this(bytes, 0, slice, false);
    }

    BufferStream(byte[] bytes, int slice, boolean markable) {
      this(bytes, 0, slice, markable);
    }

    private BufferStream(byte[] bytes, int position, int slice, boolean markable) {
      this.bytes = bytes;
      this.position = position;
      this.slice = slice;
      this.markable = markable;
    }

    @Override
    public boolean markSupported() {
      return markable;
    }

    @Override
    public void mark(int limit) {
      markedAt = position;
    }

    @Override
    public int read() {
      return position < bytes.length ? bytes[position++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] into, int offset, int count) {
      if (position >= bytes.length) {
        return -1;
      }
      int n = Math.min(count, bytes.length - position);
      System.arraycopy(bytes, position, into, offset, n);
      position += n;
      return n;
    }

    @Override
    public long skip(long count) {
      int n = (int) Math.min(count, bytes.length - position);
      if (markedAt < 0) {
        Arrays.fill(bytes, position, position + n, (byte) 0);
      }
      position += n;
      return n;
    }

    @Override
    public int available() {
      return bytes.length - position;
    }

    @Override
    public boolean byteBufferSupported() {
      return true;
    }

    @Override
    public ByteBuffer getByteBuffer() {
      if (position >= bytes.length) {
        return null;
      }
      int end = Math.min(bytes.length, (position / slice + 1) * slice);
      return ByteBuffer.wrap(bytes, position, end - position).asReadOnlyBuffer();
    }

    @Override
    public InputStream detach() {
      detachedTo = new BufferStream(bytes, position, slice, markable);
      position = bytes.length;
      return detachedTo;
    }

    @Override
    public void close() {
      if (markedAt >= 0) {
        Arrays.fill(bytes, markedAt, position, (byte) 0);
      }
      closed = true;
    }
  }
}
