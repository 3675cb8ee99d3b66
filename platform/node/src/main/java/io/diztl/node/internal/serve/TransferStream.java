package io.diztl.node.internal.serve;

import io.diztl.node.internal.Durations;
import io.diztl.node.internal.transfer.SentFileChanged;
import io.diztl.node.internal.transfer.limit.UploadPacer;
import io.diztl.proto.v1.FileHeader;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.ServerCallStreamObserver;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending half of one download: pushes the data of an open file (the header's byte range, then
 * each range {@link #offer offered} after it on a call of {@code Peer.DownloadRanges}) to a call
 * while the call is ready, so that at most one chunk waits in memory, and closes the file when the
 * call ends, its receiver stalls or, between ranges, asks for nothing for as long. Under a
 * bandwidth limit it pauses when its {@link UploadPacer} says so and resumes from a scheduler,
 * never blocking a gRPC thread. A file whose size or modification time changes while it is sent
 * ends the call with {@link SentFileChanged}. Its methods run one at a time: gRPC serialises its
 * callbacks, and the stall check and the resumption take the same lock.
 */
final class TransferStream {

  private static final Logger log = LoggerFactory.getLogger(TransferStream.class);

  private final ServerCallStreamObserver<DownloadPart> call;
  private final FileChannel channel;
  private final SentFile file;
  private final boolean ranges;
  private final ArrayDeque<FileHeader> pending = new ArrayDeque<>();
  private FileHeader header;
  private final int chunkBytes;
  private final ChunkBuffers buffers;
  private final UploadPacer pacer;
  private final Resumer resumer;
  private final long startNanos = System.nanoTime();
  private long end;
  private long position;
  private long sentBytes;
  private long sentNanos = System.nanoTime();
  private byte[] buffer;
  private byte[] spare;
  private Runnable fileClosed;
  private boolean paused;
  private boolean done;

  /** Between ranges of a ranges call: all asked for was sent, the next is not asked for yet. */
  private boolean idle;

  /** The receiver half-closed its requests: no range comes after those pending. */
  private boolean noMoreRanges;

  /** How many ranges a ranges call may ask for ahead of the one being sent. */
  static final int MAX_PENDING_RANGES = 4;

  /**
   * The file as it was when its hash was taken: the real path it was opened at, the share-relative
   * path error messages name, and its modification time then.
   */
  record SentFile(Path real, String path, FileTime modified) {}

  /** Runs a paused stream's resumption later, on a thread of its own. */
  @FunctionalInterface
  interface Resumer {
    /**
     * Runs {@code resume} after {@code nanos}.
     *
     * @throws RejectedExecutionException when the node is shutting down
     */
    void resumeAfter(long nanos, Runnable resume);
  }

  /**
   * A stream of {@code header}'s range of {@code channel}; with {@code ranges}, the call stays open
   * after it for the ranges {@link #offer offered} next, until {@link #noMoreRanges()}.
   */
  TransferStream(
      ServerCallStreamObserver<DownloadPart> call,
      FileChannel channel,
      SentFile file,
      FileHeader header,
      boolean ranges,
      int chunkBytes,
      ChunkBuffers buffers,
      UploadPacer pacer,
      Resumer resumer) {
    this.call = call;
    this.ranges = ranges;
    this.channel = channel;
    this.file = file;
    this.header = header;
    this.chunkBytes = pacer.chunkBytes(chunkBytes);
    this.buffers = buffers;
    this.pacer = pacer;
    this.resumer = resumer;
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
    call.onNext(new DownloadPart.Header(header));
    pump();
  }

  /** The header of the range being sent (the file's name, size and content root are in all). */
  synchronized FileHeader header() {
    return header;
  }

  /**
   * Sends {@code next} (a range of the same file) after the ranges asked for before it; fails the
   * call when more than {@link #MAX_PENDING_RANGES} wait.
   */
  synchronized void offer(FileHeader next) {
    if (done) {
      return;
    }
    if (pending.size() >= MAX_PENDING_RANGES) {
      abort(
          Status.RESOURCE_EXHAUSTED
              .withDescription(
                  "more than "
                      + MAX_PENDING_RANGES
                      + " ranges of "
                      + file.path()
                      + " asked for ahead of the one being sent")
              .asException());
      return;
    }
    pending.add(next);
    if (idle) {
      idle = false;
      sentNanos = System.nanoTime();
      pump();
    }
  }

  /** Ends the call with {@code status} (a bad range asked for), unless it is over. */
  synchronized void fail(StatusException status) {
    if (!done) {
      abort(status);
    }
  }

  /** The receiver asks for no more ranges: the call ends once those asked for are sent. */
  synchronized void noMoreRanges() {
    noMoreRanges = true;
    if (idle) {
      idle = false;
      complete();
    }
  }

  /**
   * Stops the download if its receiver has taken no data for {@code stallNanos}, or asked for no
   * range for as long since the last one was sent.
   */
  synchronized void stopIfStalled(long now, long stallNanos) {
    if (!done && !paused && now - sentNanos >= stallNanos) {
      String why = idle ? "asked for no range for " : "took no data for ";
      abort(
          Status.DEADLINE_EXCEEDED
              .withDescription(
                  "stopped sending "
                      + file.path()
                      + ": the receiver "
                      + why
                      + Durations.text(Duration.ofNanos(stallNanos)))
              .asException());
    }
  }

  private synchronized void pump() {
    if (done || paused || idle) {
      return;
    }
    try {
      while (nextRange() && call.isReady() && !done) {
        DownloadPart.Chunk chunk = readChunk();
        checkUnchanged();
        call.onNext(chunk);
        sentNanos = System.nanoTime();
        if (chunk.drained()) {
          spare = buffer;
        }
        long pause = pacer.sent(chunk.length());
        if (pause > 0) {
          pauseFor(pause);
          return;
        }
      }
      if (position == end && pending.isEmpty() && !done) {
        checkUnchanged();
        if (ranges && !noMoreRanges) {
          idle = true; // until the next range is asked for
          sentNanos = System.nanoTime();
        } else {
          complete();
        }
      }
    } catch (ChangedException e) {
      abort(SentFileChanged.status(file.path()));
    } catch (IOException e) {
      log.warn("Cannot read {} at offset {}", file.path(), position, e);
      abort(Status.INTERNAL.withDescription("cannot read file " + file.path()).asException());
    }
  }

  /**
   * Whether data is left to send: of the current range, else of the next range asked for, whose
   * header then goes out.
   */
  private boolean nextRange() {
    while (position == end) {
      FileHeader next = pending.poll();
      if (next == null) {
        return false;
      }
      header = next;
      position = next.getOffset();
      end = next.getOffset() + next.getLength();
      call.onNext(new DownloadPart.Header(next));
    }
    return true;
  }

  private void complete() {
    finish();
    call.onCompleted();
    logCompletion();
  }

  /** Stops sending for {@code nanos}, then goes on where the call then is. */
  private void pauseFor(long nanos) {
    paused = true;
    try {
      resumer.resumeAfter(nanos, this::resume);
    } catch (RejectedExecutionException e) {
      paused = false;
      abort(
          Status.UNAVAILABLE
              .withDescription("this node is shutting down; stopped sending " + file.path())
              .asException());
    }
  }

  private synchronized void resume() {
    paused = false;
    sentNanos = System.nanoTime();
    pump();
  }

  /** Throws when the file's size or modification time differs from when it was opened. */
  private void checkUnchanged() throws IOException {
    if (channel.size() != header.getSize()
        || !Files.getLastModifiedTime(file.real(), LinkOption.NOFOLLOW_LINKS)
            .equals(file.modified())) {
      throw new ChangedException();
    }
  }

  /**
   * Reads the next chunk into the buffer of the previous one if gRPC is done with it (it copies a
   * chunk into its frame as it is sent), else into one from the server's {@link ChunkBuffers}.
   */
  private DownloadPart.Chunk readChunk() throws IOException {
    int length = (int) Math.min(chunkBytes, end - position);
    buffer = spare != null && spare.length >= length ? spare : buffers.take(length);
    spare = null;
    ByteBuffer into = ByteBuffer.wrap(buffer, 0, length);
    while (into.hasRemaining()) {
      if (channel.read(into, position + into.position()) < 0) {
        throw new ChangedException();
      }
    }
    position += length;
    sentBytes += length;
    return new DownloadPart.Chunk(buffer, length);
  }

  private void abort(StatusException status) {
    finish();
    log.debug("Download of {} failed at offset {}: {}", file.path(), position, status.getStatus());
    call.onError(status);
  }

  private synchronized void cancelled() {
    if (!done) {
      finish();
      log.debug("Download of {} cancelled by the receiver at offset {}", file.path(), position);
    }
  }

  private void finish() {
    if (done) {
      return;
    }
    done = true;
    pacer.close();
    if (spare != null) {
      buffers.give(spare); // drained: gRPC holds no chunk of it
      spare = null;
    }
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("Cannot close {}", file.path(), e);
    }
    fileClosed.run();
  }

  private void logCompletion() {
    if (!log.isDebugEnabled()) {
      return;
    }
    long bytes = sentBytes;
    long nanos = Math.max(1, System.nanoTime() - startNanos);
    log.debug(
        "Sent {} ({} bytes, the last from offset {}) in {} ms, {} MB/s",
        file.path(),
        bytes,
        header.getOffset(),
        nanos / 1_000_000,
        String.format(Locale.ROOT, "%.1f", bytes * 1_000.0 / nanos));
  }

  /** The file ended before the size announced in the header, or changed. */
  private static final class ChangedException extends IOException {}
}
