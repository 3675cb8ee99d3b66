package io.diztl.node.internal.fetch;

import io.diztl.api.DiztlException;
import io.diztl.node.FileRef;
import io.diztl.node.internal.Durations;
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
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * One node's copy of a content, fetched by byte ranges over one {@code Peer.DownloadRanges} call
 * kept open from one range to the next (a range costs a message, not a call: a slow source is asked
 * for many small ones), or a {@code Peer.Download} call per range from a node that has no ranges
 * call. A source that stays silent for the idle timeout, announces other content or sends more than
 * asked is failed, and its call with it. Used by one thread at a time.
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

  /** The ranges call kept open between ranges, or null. */
  private RangeCall ranges;

  /** The ranges asked for on {@link #ranges} ahead of their fetch, oldest first. */
  private final ArrayDeque<DownloadRequest> askedAhead = new ArrayDeque<>();

  /** Whether {@link #ranges} answered a range: it is not refused as unimplemented. */
  private boolean answered;

  /** The node answered a ranges call with UNIMPLEMENTED: each range is a call of its own. */
  private boolean callPerRange;

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
    if (callPerRange) {
      fetchInCall(offset, length, sink);
      return;
    }
    DownloadRequest wanted = request(offset, length);
    if (!askedAhead.isEmpty() && !askedAhead.peek().equals(wanted)) {
      close(); // what was asked ahead is not wanted now: its answers are of no use
    }
    RangeCall call = open();
    if (askedAhead.isEmpty()) {
      call.ask(wanted);
    } else {
      askedAhead.poll();
    }
    boolean whole = false;
    try {
      whole = receive(() -> take(call), offset, length, sink, false);
      answered = true;
    } catch (StatusRuntimeException e) {
      if (!answered && e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        callPerRange = true;
        close();
        fetchInCall(offset, length, sink);
        return;
      }
      throw failure(e);
    } finally {
      if (!whole) {
        close(); // stopped early or failed: what is still on its way is of no use
      }
    }
  }

  /**
   * Asks for a range on the ranges call now, so that the source sends it right after those asked
   * before, without waiting for the next {@link #fetch}, which must ask for the same range.
   */
  @Override
  public void askAhead(long offset, long length) {
    if (callPerRange) {
      return;
    }
    DownloadRequest request = request(offset, length);
    open().ask(request);
    askedAhead.add(request);
  }

  /** The ranges call kept open, opened anew when there is none or it ended. */
  private RangeCall open() {
    if (ranges != null && ranges.isOver()) {
      close();
    }
    if (ranges == null) {
      ranges = new RangeCall(channel);
      answered = false;
    }
    return ranges;
  }

  /** Cancels the ranges call kept open, if any, with what was asked ahead on it. */
  @Override
  public void close() {
    askedAhead.clear();
    if (ranges != null) {
      ranges.cancel();
      ranges = null;
    }
  }

  /** The next part of {@code call}, or an error when the peer sent nothing for the idle timeout. */
  private ReceivedPart take(RangeCall call) throws IOException {
    try {
      ReceivedPart part = call.next(idleTimeout);
      if (part == null) {
        throw new IOException(
            "peer " + ref.nodeId() + " sent nothing for " + Durations.text(idleTimeout));
      }
      return part;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("stopped waiting for " + ref);
    }
  }

  private DownloadRequest request(long offset, long length) {
    return DownloadRequest.newBuilder()
        .setFileId(ref.fileId())
        .setOffset(offset)
        .setLength(length)
        .setChunkSize(CHUNK_BYTES)
        .build();
  }

  /** The error a failed call of this source ends a range with. */
  private IOException failure(StatusRuntimeException e) {
    if (e.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED) {
      return new Busy(
          GrpcErrors.describe(e),
          UploadBusy.from(e).map(UploadBusy::retryAfter).orElse(BUSY_RETRY));
    }
    return new IOException(ref + " failed: " + GrpcErrors.describe(e), e);
  }

  /** Fetches one range in a {@code Peer.Download} call of its own. */
  private void fetchInCall(long offset, long length, Sink sink) throws IOException {
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
              request(offset, length));
      Iterator<ReceivedPart> watched = watch.watching(responses);
      receive(() -> watched.hasNext() ? watched.next() : null, offset, length, sink, true);
    } catch (StatusRuntimeException e) {
      DiztlException stopped = watch.stopped("", e);
      if (stopped != null) {
        throw new IOException(stopped.getMessage(), e);
      }
      throw failure(e);
    } finally {
      watch.close();
      context.detach(previous);
      context.cancel(null);
      if (responses != null) {
        release(responses);
      }
    }
  }

  /** The parts of one range's answer, read one by one. */
  @FunctionalInterface
  private interface Parts {
    /** The next part, or null after the last one of the call. */
    ReceivedPart next() throws IOException;
  }

  /**
   * Checks the header, then hands the data to {@code sink}, closing each part after it; with {@code
   * toEnd}, the call must end after the range's bytes (else it goes on with the next range).
   *
   * @return whether all of the range was given to the sink
   */
  private boolean receive(Parts responses, long offset, long length, Sink sink, boolean toEnd)
      throws IOException {
    ReceivedPart first = responses.next();
    if (!(first instanceof ReceivedPart.Header header)) {
      if (first != null) {
        first.close();
      }
      throw new IOException(ref + " answered without a header");
    }
    check(header.header(), offset, length);
    long got = 0;
    while (got < length || toEnd) {
      ReceivedPart next = responses.next();
      if (next == null) {
        break;
      }
      try (ReceivedPart part = next) {
        if (!(part instanceof ReceivedPart.Data data)) {
          throw new IOException(ref + " sent a second header");
        }
        if (got + data.length() > length) {
          throw new IOException(ref + " sent more than the " + length + " bytes asked for");
        }
        got += data.length();
        throttle.hold(data.length());
        if (!data.drainTo(sink)) {
          return false;
        }
      }
    }
    if (got != length) {
      throw new IOException(ref + " ended after " + got + " of " + length + " bytes");
    }
    return true;
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
