package io.diztl.node.internal;

import com.google.protobuf.ByteString;
import io.diztl.api.DiztlException;
import io.diztl.node.FileRef;
import io.diztl.node.internal.piece.PieceSource;
import io.diztl.node.internal.transfer.limit.DownloadThrottle;
import io.diztl.node.internal.transfer.limit.UploadBusy;
import io.diztl.proto.v1.DownloadRequest;
import io.diztl.proto.v1.DownloadResponse;
import io.diztl.proto.v1.FileHeader;
import io.diztl.proto.v1.PeerGrpc;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;

/**
 * One node's copy of a content, fetched by byte ranges over {@code Peer.Download}; a source that
 * stays silent for the idle timeout, announces other content or sends more than asked is failed.
 */
final class PeerPieceSource implements PieceSource {

  /** Chunk size asked of the peer. */
  static final int CHUNK_BYTES = 1024 * 1024;

  /** How long a busy source is left alone when it gives no hint of its own. */
  static final Duration BUSY_RETRY = Duration.ofSeconds(1);

  private final Channel channel;
  private final FileRef ref;
  private final String rootHex;
  private final Duration idleTimeout;
  private final DownloadThrottle throttle;

  PeerPieceSource(
      Channel channel,
      FileRef ref,
      String rootHex,
      Duration idleTimeout,
      DownloadThrottle throttle) {
    this.channel = channel;
    this.ref = ref;
    this.rootHex = rootHex;
    this.idleTimeout = idleTimeout;
    this.throttle = throttle;
  }

  @Override
  public String id() {
    return ref.nodeId();
  }

  @Override
  public void fetch(long offset, long length, Sink sink) throws IOException {
    Context.CancellableContext context = Context.current().withCancellation();
    Context previous = context.attach();
    TransferWatch watch = new TransferWatch(context, idleTimeout, ref.nodeId());
    try {
      Iterator<DownloadResponse> responses =
          watch.watching(
              PeerGrpc.newBlockingStub(channel)
                  .download(
                      DownloadRequest.newBuilder()
                          .setFileId(ref.fileId())
                          .setOffset(offset)
                          .setLength(length)
                          .setChunkSize(CHUNK_BYTES)
                          .build()));
      DownloadResponse first = responses.hasNext() ? responses.next() : null;
      if (first == null || !first.hasHeader()) {
        throw new IOException(ref + " answered without a header");
      }
      check(first.getHeader(), offset, length);
      long got = 0;
      while (responses.hasNext()) {
        DownloadResponse response = responses.next();
        if (response.hasHeader()) {
          throw new IOException(ref + " sent a second header");
        }
        ByteString data = response.getData();
        if (got + data.size() > length) {
          throw new IOException(ref + " sent more than the " + length + " bytes asked for");
        }
        got += data.size();
        throttle.hold(data.size());
        for (ByteBuffer buffer : data.asReadOnlyByteBufferList()) {
          if (!sink.accept(buffer)) {
            return;
          }
        }
      }
      if (got != length) {
        throw new IOException(ref + " ended after " + got + " of " + length + " bytes");
      }
    } catch (StatusRuntimeException e) {
      DiztlException stopped = watch.stopped("", e);
      if (stopped != null) {
        throw new IOException(stopped.getMessage(), e);
      }
      if (e.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED) {
        throw new Busy(
            GrpcErrors.describe(e),
            UploadBusy.from(e).map(UploadBusy::retryAfter).orElse(BUSY_RETRY));
      }
      throw new IOException(ref + " failed: " + GrpcErrors.describe(e), e);
    } finally {
      watch.close();
      context.detach(previous);
      context.cancel(null);
    }
  }

  /** Checks that a header announces this content and the range asked for. */
  private void check(FileHeader header, long offset, long length) throws IOException {
    if (!header.getSha256().equalsIgnoreCase(rootHex)
        || header.getOffset() != offset
        || header.getLength() != length) {
      throw new IOException(ref + " announced other content or another range than asked for");
    }
  }
}
