package io.diztl.tracker.internal;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Passes a message serialised once as bytes through gRPC as they are, as a stream gRPC can size and
 * copy in one write: what the relay sends every node of a search alike.
 */
final class RawBytes implements MethodDescriptor.Marshaller<byte[]> {

  /** The one instance; it holds no state. */
  static final RawBytes MARSHALLER = new RawBytes();

  private RawBytes() {}

  @Override
  public InputStream stream(byte[] value) {
    return new BytesStream(value);
  }

  @Override
  public byte[] parse(InputStream stream) {
    try {
      return stream.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("reading a serialised message failed", e);
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
