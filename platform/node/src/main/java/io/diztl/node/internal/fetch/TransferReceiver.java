package io.diztl.node.internal.fetch;

import com.google.protobuf.ByteString;
import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.index.MerkleHasher;
import io.diztl.node.internal.DownloadListener;
import io.diztl.node.internal.Durations;
import io.diztl.node.internal.GrpcErrors;
import io.diztl.node.internal.fetch.TransferPartial.Expected;
import io.diztl.node.internal.transfer.DownloadCalls;
import io.diztl.node.internal.transfer.ExpectedFile;
import io.diztl.node.internal.transfer.limit.DownloadThrottle;
import io.diztl.proto.v1.DownloadRequest;
import io.diztl.proto.v1.DownloadResponse;
import io.diztl.proto.v1.FileHeader;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The receiving half of one download: requests, writes, verifies and places one file. */
final class TransferReceiver {

  private static final Logger log = LoggerFactory.getLogger(TransferReceiver.class);

  /**
   * Chunk size asked of the peer. This receiver parses each message into an array of its own, so
   * its chunks stay below half of G1's smallest region (no humongous array per message), unlike
   * {@link PeerPieceSource}'s, which stay in gRPC's buffers.
   */
  static final int CHUNK_BYTES = 256 * 1024;

  private static final long PROGRESS_BYTES = 1024 * 1024;
  private static final long PROGRESS_NANOS = 100_000_000;

  private final Channel peer;
  private final String nodeId;
  private final String fileId;
  private final String what;
  private final ExpectedFile expectedFile;
  private final ReceiveLimits limits;
  private final TransferPartial partial;
  private final Path targetDir;
  private final DownloadListener listener;
  private DownloadThrottle throttle = DownloadThrottle.NONE;
  private long syncNanos;

  TransferReceiver(
      Channel peer,
      String nodeId,
      String fileId,
      ExpectedFile expectedFile,
      ReceiveLimits limits,
      TransferPartial partial,
      Path targetDir,
      DownloadListener listener) {
    this.peer = peer;
    this.nodeId = nodeId;
    this.fileId = fileId;
    this.what = "file " + fileId + " from node " + nodeId;
    this.expectedFile = expectedFile;
    this.limits = limits;
    this.partial = partial;
    this.targetDir = targetDir;
    this.listener = listener;
  }

  /** This receiver, taking data no faster than {@code downloads} allows. */
  TransferReceiver throttledBy(DownloadThrottle downloads) {
    this.throttle = downloads;
    return this;
  }

  DownloadResult run() {
    try {
      for (int attempt = 0; attempt < 2; attempt++) {
        DownloadResult result = attempt();
        if (result != null) {
          return result;
        }
      }
      throw new DiztlException(
          "cannot start "
              + what
              + " afresh: expected to delete "
              + partial.part()
              + ", found it still there");
    } catch (IOException e) {
      throw new DiztlException(
          ErrorKind.INTERNAL, "cannot store " + what + ": " + e + "; " + kept(), e);
    }
  }

  /**
   * Downloads from where the partial ends. Returns null, having deleted the partial, when the
   * partial turns out to belong to other content than the peer's file now.
   */
  private DownloadResult attempt() throws IOException {
    Optional<Expected> expected = partial.resumable();
    long offset = expected.isPresent() ? partial.length() : 0;
    long startNanos = System.nanoTime();
    FileHeader header;
    Context.CancellableContext context = Context.current().withCancellation();
    Context previous = context.attach();
    TransferWatch watch = new TransferWatch(context, limits.idleTimeout(), nodeId);
    try {
      Iterator<DownloadResponse> responses =
          watch.watching(
              ClientCalls.blockingServerStreamingCall(
                  peer,
                  DownloadCalls.DOWNLOAD,
                  CallOptions.DEFAULT,
                  DownloadRequest.newBuilder()
                      .setFileId(fileId)
                      .setOffset(offset)
                      .setChunkSize(CHUNK_BYTES)
                      .build()));
      header = header(responses, offset);
      if (!expectedFile.matches(header.getSize(), header.getSha256())) {
        throw new DiztlException(
            ErrorKind.FAILED_PRECONDITION,
            "the peer announced "
                + new ExpectedFile(header.getSize(), header.getSha256())
                + " for "
                + what
                + ", expected "
                + expectedFile
                + " as its search hit or listing said; search again if the file changed");
      }
      Expected announced = new Expected(header.getSize(), header.getSha256());
      if (expected.isPresent() && !expected.get().equals(announced)) {
        log.info("{} changed on the peer since the partial download; starting again", what);
        partial.delete();
        return null;
      }
      checkSpace(header.getSize(), offset);
      if (expected.isEmpty()) {
        partial.writeSidecar(announced);
      }
      long remaining = header.getSize() - offset;
      watch.bound(
          limits.allowed(remaining),
          "peer "
              + nodeId
              + " took more than "
              + Durations.text(limits.allowed(remaining))
              + " for the "
              + remaining
              + " bytes of "
              + what);
      log.debug("Downloading {} ({} bytes) from offset {}", what, header.getSize(), offset);
      listener.started(header.getName(), header.getSize(), offset);
      MerkleHasher digest = new MerkleHasher(header.getSize());
      if (offset > 0) {
        partial.digestInto(digest);
      }
      try {
        receive(responses, header, digest);
      } catch (Corrupt e) {
        partial.delete();
        throw e;
      }
    } catch (StatusRuntimeException e) {
      DiztlException stopped = watch.stopped(kept(), e);
      if (stopped != null) {
        throw stopped;
      }
      if (offset > 0 && e.getStatus().getCode() == Status.Code.OUT_OF_RANGE) {
        log.info("{} shrank on the peer since the partial download; starting again", what);
        partial.delete();
        return null;
      }
      throw failure(e, previous.isCancelled());
    } finally {
      watch.close();
      context.detach(previous);
      context.cancel(null);
    }
    return place(header, offset, startNanos);
  }

  /** Refuses a file that would leave the partial folder's disk with less than the spare bytes. */
  private void checkSpace(long size, long offset) throws IOException {
    Path dir = partial.part().getParent();
    long free = Files.getFileStore(dir).getUsableSpace();
    if (size - offset > free - limits.spareBytes()) {
      throw new DiztlException(
          ErrorKind.RESOURCE_EXHAUSTED,
          what
              + " is "
              + size
              + " bytes, "
              + (size - offset)
              + " of them still to fetch, but "
              + dir
              + " has "
              + free
              + " bytes free and keeps "
              + limits.spareBytes()
              + " spare");
    }
  }

  private FileHeader header(Iterator<DownloadResponse> responses, long offset) {
    if (!responses.hasNext()) {
      throw new DiztlException("peer ended " + what + " without sending a header");
    }
    DownloadResponse first = responses.next();
    if (!first.hasHeader()) {
      throw new DiztlException("peer sent data before the header of " + what);
    }
    FileHeader header = first.getHeader();
    if (header.getOffset() != offset || header.getSize() < offset) {
      throw new DiztlException(
          "peer answered for "
              + what
              + " from offset "
              + header.getOffset()
              + " of "
              + header.getSize()
              + " bytes, expected offset "
              + offset);
    }
    if (header.getSha256().isEmpty()) {
      throw new DiztlException("peer did not provide a hash for " + what);
    }
    return header;
  }

  /**
   * Writes the data to the partial while another thread hashes it, checks size and hash, then
   * forces it to disk.
   */
  private void receive(Iterator<DownloadResponse> responses, FileHeader header, MerkleHasher digest)
      throws IOException {
    long size = header.getSize();
    long received = header.getOffset();
    Progress progress = new Progress(received, size);
    try (TransferSink sink = new TransferSink(partial.part(), received, digest)) {
      while (responses.hasNext()) {
        DownloadResponse response = responses.next();
        if (!response.hasData()) {
          throw new Corrupt("peer sent a second header in the middle of " + what);
        }
        ByteString data = response.getData();
        if (data.size() > size - received) {
          throw new Corrupt("peer sent more than the announced " + size + " bytes of " + what);
        }
        sink.write(data);
        received += data.size();
        progress.update(received);
        throttle.hold(data.size());
      }
      if (received != size) {
        throw new Corrupt("peer ended " + what + " after " + received + " of " + size + " bytes");
      }
      String actual = sink.sha256();
      if (!actual.equalsIgnoreCase(header.getSha256())) {
        throw new Corrupt(
            "downloaded file "
                + header.getName()
                + " failed verification: expected sha256 "
                + header.getSha256()
                + ", got "
                + actual);
      }
      long syncStart = System.nanoTime();
      sink.force();
      syncNanos = System.nanoTime() - syncStart;
    }
    progress.done();
  }

  /** Moves the verified partial to its final name and drops the sidecar. */
  private DownloadResult place(FileHeader header, long offset, long startNanos) throws IOException {
    Path placed =
        TransferPlacement.place(
            partial.part(), targetDir, TransferPlacement.safeName(header.getName(), targetDir));
    partial.deleteSidecar();
    long nanos = Math.max(1, System.nanoTime() - startNanos);
    log.info(
        "Downloaded {} to {} ({} bytes, {} resumed) in {} ms ({} ms of it to sync), {} MB/s",
        what,
        placed,
        header.getSize(),
        offset,
        nanos / 1_000_000,
        syncNanos / 1_000_000,
        String.format(Locale.ROOT, "%.1f", (header.getSize() - offset) * 1_000.0 / nanos));
    return new DownloadResult(
        placed, header.getSha256().toLowerCase(Locale.ROOT), header.getSize());
  }

  /** Turns a failed call into an error, deleting the partial when the peer refused the file. */
  private DiztlException failure(StatusRuntimeException e, boolean cancelledHere) {
    Status status = e.getStatus();
    String detail =
        (status.getDescription() == null ? "no details" : GrpcErrors.describe(e))
            + " ("
            + status.getCode()
            + ")";
    ErrorKind kind = GrpcErrors.kind(status.getCode());
    return switch (status.getCode()) {
      case NOT_FOUND, PERMISSION_DENIED, INVALID_ARGUMENT, OUT_OF_RANGE, UNIMPLEMENTED -> {
        partial.delete();
        yield new DiztlException(kind, "peer refused: " + detail, e);
      }
      default -> {
        String how = cancelledHere ? " was cancelled: " : " broke off: ";
        yield new DiztlException(
            cancelledHere ? ErrorKind.CANCELLED : kind,
            "download of " + what + how + detail + "; " + kept(),
            e);
      }
    };
  }

  private String kept() {
    long length = partial.lengthOrZero();
    return length > 0 ? length + " bytes kept to resume" : "nothing kept";
  }

  /** Reports progress at most every mebibyte or tenth of a second, and once at the end. */
  private final class Progress {
    private final long size;
    private long reportedBytes;
    private long reportedNanos = System.nanoTime();
    private boolean reportedEnd;

    Progress(long start, long size) {
      this.reportedBytes = start;
      this.size = size;
    }

    void update(long received) {
      long now = System.nanoTime();
      if (received - reportedBytes >= PROGRESS_BYTES || now - reportedNanos >= PROGRESS_NANOS) {
        reportedBytes = received;
        reportedNanos = now;
        reportedEnd = received == size;
        listener.progress(received, size);
      }
    }

    void done() {
      if (!reportedEnd) {
        listener.progress(size, size);
      }
    }
  }

  /** The peer's data cannot be right: the partial is worthless. */
  private static final class Corrupt extends DiztlException {
    Corrupt(String message) {
      super(message);
    }
  }
}
