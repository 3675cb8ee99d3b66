package io.diztl.node.internal.serve;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.diztl.node.internal.fetch.ReceivedPart;
import io.diztl.proto.v1.DownloadRequest;
import io.diztl.proto.v1.DownloadResponse;
import io.diztl.proto.v1.FileHeader;
import io.diztl.proto.v1.PeerGrpc;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One message of a download stream as the sender writes it: the header, or a chunk of file data in
 * a buffer the stream reuses. Both go on the wire as {@code DownloadResponse}, so any receiver can
 * parse them with the generated classes (this node reads them with {@link ReceivedPart}); a chunk
 * is written straight from its buffer into gRPC's frame, with no protobuf message built and no
 * array allocated per chunk.
 */
public sealed interface DownloadPart {

  /** {@code Peer.Download} with responses written from parts. */
  MethodDescriptor<DownloadRequest, DownloadPart> METHOD =
      PeerGrpc.getDownloadMethod().toBuilder(
              PeerGrpc.getDownloadMethod().getRequestMarshaller(), new Marshaller())
          .build();

  /** {@code Peer.DownloadRanges} with responses written from parts. */
  MethodDescriptor<DownloadRequest, DownloadPart> RANGES_METHOD =
      PeerGrpc.getDownloadRangesMethod().toBuilder(
              PeerGrpc.getDownloadRangesMethod().getRequestMarshaller(), new Marshaller())
          .build();

  /** The part as a generated message, the data copied out of a chunk's buffer. */
  DownloadResponse toResponse();

  /** The first message. */
  record Header(FileHeader header) implements DownloadPart {
    @Override
    public DownloadResponse toResponse() {
      return DownloadResponse.newBuilder().setHeader(header).build();
    }
  }

  /**
   * The next {@code length} bytes of the file, at the start of {@code buffer}. The buffer may be
   * filled again once the chunk is {@link #drained()}: gRPC has copied it into its frame.
   */
  final class Chunk implements DownloadPart {
    private final byte[] buffer;
    private final int length;
    private volatile boolean drained;

    Chunk(byte[] buffer, int length) {
      this.buffer = buffer;
      this.length = length;
    }

    public int length() {
      return length;
    }

    /** Whether all of it was written out, so that its buffer may take the next chunk. */
    boolean drained() {
      return drained;
    }

    @Override
    public DownloadResponse toResponse() {
      drained = true;
      return DownloadResponse.newBuilder().setData(ByteString.copyFrom(buffer, 0, length)).build();
    }
  }

  /** Writes parts as {@code DownloadResponse} messages; reads them back for in-process calls. */
  final class Marshaller implements MethodDescriptor.Marshaller<DownloadPart> {
    private static final MethodDescriptor.Marshaller<DownloadResponse> GENERIC =
        PeerGrpc.getDownloadMethod().getResponseMarshaller();

    @Override
    public InputStream stream(DownloadPart part) {
      return part instanceof Chunk chunk
          ? new ChunkStream(chunk)
          : GENERIC.stream(part.toResponse());
    }

    @Override
    public DownloadPart parse(InputStream stream) {
      DownloadResponse response = GENERIC.parse(stream);
      if (response.hasHeader()) {
        return new Header(response.getHeader());
      }
      byte[] data = response.getData().toByteArray();
      return new Chunk(data, data.length);
    }
  }

  /** A chunk encoded as a {@code DownloadResponse}: its tag and length, then its bytes. */
  final class ChunkStream extends InputStream implements Drainable, KnownLength {
    private static final int DATA_TAG = 2 << 3 | 2;

    private final Chunk chunk;
    private final byte[] prefix;
    private int position;

    ChunkStream(Chunk chunk) {
      this.chunk = chunk;
      this.prefix = new byte[1 + CodedOutputStream.computeUInt32SizeNoTag(chunk.length)];
      prefix[0] = DATA_TAG;
      int at = 1;
      int value = chunk.length;
      while ((value & ~0x7F) != 0) {
        prefix[at++] = (byte) ((value & 0x7F) | 0x80);
        value >>>= 7;
      }
      prefix[at] = (byte) value;
    }

    private int size() {
      return prefix.length + chunk.length;
    }

    @Override
    public int drainTo(OutputStream target) throws IOException {
      int written = available();
      if (position < prefix.length) {
        target.write(prefix, position, prefix.length - position);
        position = prefix.length;
      }
      int offset = position - prefix.length;
      target.write(chunk.buffer, offset, chunk.length - offset);
      position = size();
      chunk.drained = true;
      return written;
    }

    @Override
    public int available() {
      return size() - position;
    }

    @Override
    public int read() {
      if (position >= size()) {
        return -1;
      }
      int value =
          position < prefix.length ? prefix[position] : chunk.buffer[position - prefix.length];
      position++;
      endIfDone();
      return value & 0xFF;
    }

    @Override
    public int read(byte[] into, int offset, int count) {
      if (count == 0) {
        return 0;
      }
      if (position >= size()) {
        return -1;
      }
      int done = 0;
      while (done < count && position < size()) {
        int n;
        if (position < prefix.length) {
          n = Math.min(count - done, prefix.length - position);
          System.arraycopy(prefix, position, into, offset + done, n);
        } else {
          int at = position - prefix.length;
          n = Math.min(count - done, chunk.length - at);
          System.arraycopy(chunk.buffer, at, into, offset + done, n);
        }
        position += n;
        done += n;
      }
      endIfDone();
      return done;
    }

    private void endIfDone() {
      if (position >= size()) {
        chunk.drained = true;
      }
    }
  }
}
