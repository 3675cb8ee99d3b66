package io.diztl.node.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.diztl.proto.v1.DownloadResponse;
import io.diztl.proto.v1.FileHeader;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending half of one download: pushes the data of an open file (the header's byte range) to a
 * call while the call is ready, so that at most one chunk waits in memory, and closes the file when
 * the call ends or its receiver stalls. Its methods run one at a time: gRPC serialises its
 * callbacks, and the stall check takes the same lock.
 */
final class TransferStream {

  private static final Logger log = LoggerFactory.getLogger(TransferStream.class);

  private final ServerCallStreamObserver<DownloadResponse> call;
  private final FileChannel channel;
  private final String path;
  private final FileHeader header;
  private final int chunkBytes;
  private final long startNanos = System.nanoTime();
  private final long end;
  private long position;
  private long sentNanos = System.nanoTime();
  private Runnable fileClosed;
  private boolean done;

  TransferStream(
      ServerCallStreamObserver<DownloadResponse> call,
      FileChannel channel,
      String path,
      FileHeader header,
      int chunkBytes) {
    this.call = call;
    this.channel = channel;
    this.path = path;
    this.header = header;
    this.chunkBytes = chunkBytes;
    this.position = header.getOffset();
    this.end = header.getOffset() + header.getLength();
  }

  /**
   * Registers the call's callbacks, sends the header and as much data as the call takes now.
   *
   * @param fileClosed run once the file is closed
   * @param callOver run once the call is over on the wire, cancelled or with its status sent; may
   *     run more than once
   */
  synchronized void start(Runnable fileClosed, Runnable callOver) {
    this.fileClosed = fileClosed;
    call.setOnCancelHandler(
        () -> {
          cancelled();
          callOver.run();
        });
    call.setOnCloseHandler(callOver);
    call.setOnReadyHandler(this::pump);
    call.onNext(DownloadResponse.newBuilder().setHeader(header).build());
    pump();
  }

  /** Stops the download if its receiver has taken no data for {@code stallNanos}. */
  synchronized void stopIfStalled(long now, long stallNanos) {
    if (!done && now - sentNanos >= stallNanos) {
      abort(
          Status.DEADLINE_EXCEEDED.withDescription(
              "stopped sending "
                  + path
                  + ": the receiver took no data for "
                  + Durations.text(Duration.ofNanos(stallNanos))));
    }
  }

  private synchronized void pump() {
    if (done) {
      return;
    }
    try {
      while (position < end && call.isReady() && !done) {
        call.onNext(DownloadResponse.newBuilder().setData(readChunk()).build());
        sentNanos = System.nanoTime();
      }
      if (position == end && !done) {
        finish();
        call.onCompleted();
        logCompletion();
      }
    } catch (ChangedException e) {
      abort(Status.ABORTED.withDescription("file " + path + " changed while it was being sent"));
    } catch (IOException e) {
      log.warn("Cannot read {} at offset {}", path, position, e);
      abort(Status.INTERNAL.withDescription("cannot read file " + path));
    }
  }

  private ByteString readChunk() throws IOException {
    byte[] bytes = new byte[(int) Math.min(chunkBytes, end - position)];
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new ChangedException();
      }
    }
    position += bytes.length;
    return UnsafeByteOperations.unsafeWrap(bytes);
  }

  private void abort(Status status) {
    finish();
    log.debug("Download of {} failed at offset {}: {}", path, position, status);
    call.onError(status.asException());
  }

  private synchronized void cancelled() {
    if (!done) {
      finish();
      log.debug("Download of {} cancelled by the receiver at offset {}", path, position);
    }
  }

  private void finish() {
    if (done) {
      return;
    }
    done = true;
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("Cannot close {}", path, e);
    }
    fileClosed.run();
  }

  private void logCompletion() {
    long bytes = header.getLength();
    long nanos = Math.max(1, System.nanoTime() - startNanos);
    log.info(
        "Sent {} ({} bytes from offset {}) in {} ms, {} MB/s",
        path,
        bytes,
        header.getOffset(),
        nanos / 1_000_000,
        String.format(Locale.ROOT, "%.1f", bytes * 1_000.0 / nanos));
  }

  /** The file ended before the size announced in the header. */
  private static final class ChangedException extends IOException {}
}
