package io.diztl.node.internal.fetch;

import io.diztl.api.DiztlException;
import io.diztl.node.FileRef;
import io.diztl.node.internal.GrpcErrors;
import io.diztl.node.internal.piece.PieceSource;
import io.diztl.node.internal.transfer.limit.DownloadThrottle;
import io.diztl.node.internal.transfer.limit.UploadBusy;
import io.diztl.proto.v1.DownloadRequest;
import io.diztl.proto.v1.FileHeader;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;

/**
 * One node's copy of a content, fetched by byte ranges over {@code Peer.Download}; a source that
 * stays silent for the idle timeout, announces other content or sends more than asked is failed.
 */
final class PeerPieceSource implements PieceSource {

  /**
   * Chunk size asked of the peer (it may send smaller ones): large, as each message costs both
   * sides a hand-off between threads and a flow-control update, and the data of a message stays in
   * gRPC's buffers ({@link ReceivedPart}), so its size costs no array here.
   */
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
    Iterator<ReceivedPart> responses = null;
    try {
      responses =
          ClientCalls.blockingServerStreamingCall(
              channel,
              ReceivedPart.METHOD,
              CallOptions.DEFAULT,
              DownloadRequest.newBuilder()
                  .setFileId(ref.fileId())
                  .setOffset(offset)
                  .setLength(length)
                  .setChunkSize(CHUNK_BYTES)
                  .build());
      receive(watch.watching(responses), offset, length, sink);
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
      if (responses != null) {
        release(responses);
      }
    }
  }

  /** Checks the header, then hands the data to {@code sink}, closing each part after it. */
  private void receive(Iterator<ReceivedPart> responses, long offset, long length, Sink sink)
      throws IOException {
    ReceivedPart first = responses.hasNext() ? responses.next() : null;
    if (!(first instanceof ReceivedPart.Header header)) {
      if (first != null) {
        first.close();
      }
      throw new IOException(ref + " answered without a header");
    }
    check(header.header(), offset, length);
    long got = 0;
    while (responses.hasNext()) {
      try (ReceivedPart part = responses.next()) {
        if (!(part instanceof ReceivedPart.Data data)) {
          throw new IOException(ref + " sent a second header");
        }
        if (got + data.length() > length) {
          throw new IOException(ref + " sent more than the " + length + " bytes asked for");
        }
        got += data.length();
        throttle.hold(data.length());
        if (!data.drainTo(sink)) {
          return;
        }
      }
    }
    if (got != length) {
      throw new IOException(ref + " ended after " + got + " of " + length + " bytes");
    }
  }

  /**
   * Closes the parts gRPC still holds for a call that was cancelled (or ended), so their buffers go
   * back to gRPC; the call's cancellation ends the loop.
   */
  private static void release(Iterator<ReceivedPart> responses) {
    try {
      while (responses.hasNext()) {
        responses.next().close();
      }
    } catch (RuntimeException e) {
      // The call ended with its status: every part it delivered was closed.
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
