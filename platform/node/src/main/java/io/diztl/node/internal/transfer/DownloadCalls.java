package io.diztl.node.internal.transfer;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnsafeByteOperations;
import io.diztl.proto.v1.DownloadRequest;
import io.diztl.proto.v1.DownloadResponse;
import io.diztl.proto.v1.PeerGrpc;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code Peer.Download} as receivers call it: the generated method, but with a response parser that
 * reads a data message once, from gRPC's buffers into the array its {@code ByteString} then wraps.
 * The generated parser copies it twice (into a scratch buffer, then into a new string), and at a
 * gigabyte a second each copy costs a good part of a core.
 */
public final class DownloadCalls {

  /** Tag of {@code DownloadResponse.data}: field 2, length-delimited. */
  static final int DATA_TAG = 2 << 3 | 2;

  /** The download method with the single-copy response parser. */
  public static final MethodDescriptor<DownloadRequest, DownloadResponse> DOWNLOAD =
      PeerGrpc.getDownloadMethod().toBuilder().setResponseMarshaller(new Parser()).build();

  private DownloadCalls() {}

  /** Parses a data message by hand when it is only its data field, anything else generically. */
  static final class Parser implements MethodDescriptor.Marshaller<DownloadResponse> {

    private static final MethodDescriptor.Marshaller<DownloadResponse> GENERIC =
        PeerGrpc.getDownloadMethod().getResponseMarshaller();

    @Override
    public InputStream stream(DownloadResponse value) {
      return GENERIC.stream(value);
    }

    @Override
    public DownloadResponse parse(InputStream stream) {
      if (!(stream instanceof KnownLength)) {
        return GENERIC.parse(stream);
      }
      try {
        byte[] bytes = stream.readNBytes(stream.available());
        return parse(bytes);
      } catch (IOException e) {
        throw Status.INTERNAL
            .withDescription("cannot read a download message")
            .withCause(e)
            .asRuntimeException();
      }
    }

    static DownloadResponse parse(byte[] bytes) {
      try {
        if (bytes.length > 1 && bytes[0] == DATA_TAG) {
          CodedInputStream in = CodedInputStream.newInstance(bytes, 1, bytes.length - 1);
          int length = in.readRawVarint32();
          int start = 1 + in.getTotalBytesRead();
          if (length >= 0 && start + length == bytes.length) {
            return DownloadResponse.newBuilder()
                .setData(UnsafeByteOperations.unsafeWrap(bytes, start, length))
                .build();
          }
        }
        return DownloadResponse.parseFrom(bytes);
      } catch (IOException e) {
        throw Status.INTERNAL
            .withDescription("invalid download message: " + e.getMessage())
            .withCause(e)
            .asRuntimeException();
      }
    }
  }
}
