package io.diztl.tracker.internal;

import io.diztl.proto.v1.PeerGrpc;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.SearchResponse;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * {@code Peer.Search} with a request serialised once for every node a search asks: the relay sends
 * the same bytes on each node's call instead of encoding the message again per node.
 */
final class PreSerializedSearch {

  /** {@code Peer.Search}, its request given as the bytes of a {@link SearchRequest}. */
  static final MethodDescriptor<byte[], SearchResponse> METHOD =
      PeerGrpc.getSearchMethod().toBuilder(
              new BytesMarshaller(), PeerGrpc.getSearchMethod().getResponseMarshaller())
          .build();

  private PreSerializedSearch() {}

  /** Passes bytes through as they are, as a stream gRPC can size and copy in one write. */
  private static final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new BytesStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new IllegalStateException("reading a serialised search request failed", e);
      }
    }
  }

  /** A byte array as a stream of known length that drains in one write. */
  private static final class BytesStream extends ByteArrayInputStream
      implements KnownLength, Drainable {

    BytesStream(byte[] bytes) {
      super(bytes);
    }

    @Override
    public synchronized int drainTo(OutputStream target) throws IOException {
      int length = count - pos;
      target.write(buf, pos, length);
      pos = count;
      return length;
    }
  }
}
