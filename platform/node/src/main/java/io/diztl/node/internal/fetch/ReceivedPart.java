package io.diztl.node.internal.fetch;

import com.google.protobuf.ByteString;
import io.diztl.node.internal.piece.PieceSource;
import io.diztl.proto.v1.DownloadRequest;
import io.diztl.proto.v1.DownloadResponse;
import io.diztl.proto.v1.FileHeader;
import io.diztl.proto.v1.PeerGrpc;
import io.grpc.Detachable;
import io.grpc.HasByteBuffer;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One message of a download stream as the receiver reads it: the header, or a chunk of file data
 * left in gRPC's receive buffers, with no protobuf message and no array per chunk. The data is
 * handed out once, straight from those buffers, and must be {@link #close() closed} so that gRPC
 * can reuse them.
 */
public sealed interface ReceivedPart extends AutoCloseable {

  /** {@code Peer.Download} with responses read as parts. */
  MethodDescriptor<DownloadRequest, ReceivedPart> METHOD =
      PeerGrpc.getDownloadMethod().toBuilder(
              PeerGrpc.getDownloadMethod().getRequestMarshaller(), new Parser())
          .build();

  /** {@code Peer.DownloadRanges} with responses read as parts. */
  MethodDescriptor<DownloadRequest, ReceivedPart> RANGES_METHOD =
      PeerGrpc.getDownloadRangesMethod().toBuilder(
              PeerGrpc.getDownloadRangesMethod().getRequestMarshaller(), new Parser())
          .build();

  /** Gives back the buffers the part holds. */
  @Override
  void close();

  /** The first message. */
  record Header(FileHeader header) implements ReceivedPart {
    @Override
    public void close() {}
  }

  /** The next {@link #length()} bytes of the file. */
  final class Data implements ReceivedPart {
    private static final int SCRATCH_BYTES = 64 * 1024;

    private final InputStream stream;
    private final int length;

    /** Data to be read from {@code stream}, which holds exactly {@code length} bytes. */
    Data(InputStream stream, int length) {
      this.stream = stream;
      this.length = length;
    }

    /** Data a protobuf message holds. */
    static Data of(ByteString bytes) {
      return new Data(bytes.newInput(), bytes.size());
    }

    public int length() {
      return length;
    }

    /**
     * Hands the bytes to {@code sink} in order, in buffers valid only during each call: gRPC's own
     * buffers when the stream shows them, all of them in one {@link PieceSource.Sink#acceptAll}
     * when it can keep them until it is closed (a marked stream does).
     *
     * @return false when the sink asked to stop
     */
    boolean drainTo(PieceSource.Sink sink) throws IOException {
      if (!(stream instanceof HasByteBuffer direct && direct.byteBufferSupported())) {
        return copyTo(sink, length);
      }
      boolean whole = stream.markSupported();
      if (whole) {
        stream.mark(length); // skipped buffers are kept until the stream is closed
      }
      // About one buffer per TLS record (16 KiB) or socket read.
      ByteBuffer[] chunks = new ByteBuffer[whole ? 2 + length / (16 * 1024) : 1];
      int count = 0;
      int left = length;
      while (left > 0) {
        ByteBuffer next = direct.getByteBuffer();
        if (next == null || !next.hasRemaining()) {
          break;
        }
        int taken = Math.min(next.remaining(), left);
        if (count == chunks.length) {
          chunks = Arrays.copyOf(chunks, count * 2);
        }
        chunks[count++] = taken == next.remaining() ? next : next.slice(next.position(), taken);
        if (!whole) {
          // Hand it over before skipping: skipping may give the buffer back to gRPC.
          if (!sink.accept(chunks[0])) {
            return false;
          }
          count = 0;
        }
        skipFully(taken);
        left -= taken;
      }
      if (count > 0 && !sink.acceptAll(chunks, count)) {
        return false;
      }
      return copyTo(sink, left);
    }

    /** Hands the next {@code left} bytes to {@code sink} copied out of the stream. */
    private boolean copyTo(PieceSource.Sink sink, int left) throws IOException {
      byte[] scratch = null;
      while (left > 0) {
        if (scratch == null) {
          scratch = new byte[Math.min(left, SCRATCH_BYTES)];
        }
        int taken = stream.read(scratch, 0, Math.min(left, scratch.length));
        if (taken < 0) {
          throw new EOFException("a download message ended " + left + " bytes early");
        }
        if (!sink.accept(ByteBuffer.wrap(scratch, 0, taken))) {
          return false;
        }
        left -= taken;
      }
      return true;
    }

    private void skipFully(int count) throws IOException {
      long left = count;
      while (left > 0) {
        long skipped = stream.skip(left);
        if (skipped <= 0) {
          throw new EOFException("a download message ended " + left + " bytes early");
        }
        left -= skipped;
      }
    }

    @Override
    public void close() {
      try {
        stream.close();
      } catch (IOException e) {
        // gRPC's buffer streams do not fail on close; nothing is lost if another one does.
      }
    }
  }

  /**
   * Reads a message that is only its data field by hand, keeping the data in gRPC's buffers when
   * the stream can be detached from them; anything else is parsed by the generated code.
   */
  final class Parser implements MethodDescriptor.Marshaller<ReceivedPart> {

    /** Tag of {@code DownloadResponse.data}: field 2, length-delimited. */
    static final int DATA_TAG = 2 << 3 | 2;

    private static final int MAX_VARINT_BYTES = 5;

    private static final MethodDescriptor.Marshaller<DownloadResponse> GENERIC =
        PeerGrpc.getDownloadMethod().getResponseMarshaller();

    @Override
    public InputStream stream(ReceivedPart part) {
      throw new UnsupportedOperationException("receivers do not send download responses");
    }

    @Override
    public ReceivedPart parse(InputStream stream) {
      try {
        if (stream instanceof Detachable detachable && stream instanceof KnownLength) {
          int total = stream.available();
          byte[] prefix = new byte[1 + MAX_VARINT_BYTES];
          int read = 0;
          int tag = stream.read();
          if (tag >= 0) {
            prefix[read++] = (byte) tag;
          }
          if (tag == DATA_TAG) {
            long length = 0;
            int shift = 0;
            int next;
            do {
              next = stream.read();
              if (next < 0) {
                break;
              }
              prefix[read++] = (byte) next;
              length |= (long) (next & 0x7F) << shift;
              shift += 7;
            } while ((next & 0x80) != 0 && read < prefix.length);
            if (next >= 0 && (next & 0x80) == 0 && length == total - read) {
              return new Data(detachable.detach(), (int) length);
            }
          }
          stream = new SequenceInputStream(new ByteArrayInputStream(prefix, 0, read), stream);
        }
      } catch (IOException e) {
        throw Status.INTERNAL
            .withDescription("cannot read a download message")
            .withCause(e)
            .asRuntimeException();
      }
      DownloadResponse response = GENERIC.parse(stream);
      return response.hasHeader() ? new Header(response.getHeader()) : Data.of(response.getData());
    }
  }
}
