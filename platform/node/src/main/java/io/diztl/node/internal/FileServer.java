package io.diztl.node.internal;

import io.diztl.api.DiztlException;
import io.diztl.index.IndexedFile;
import io.diztl.index.ShareIndex;
import io.diztl.proto.v1.DownloadRequest;
import io.diztl.proto.v1.DownloadResponse;
import io.diztl.proto.v1.FileHeader;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the content of indexed files over {@code Peer.Download}: checks the request and the file,
 * then streams a header and the data with gRPC flow control. Bounds what receivers may hold: a few
 * downloads per peer and a few dozen in all (see {@link PeerLimits}), at most one chunk of each in
 * memory, and a download whose receiver takes no data for the stall timeout is stopped.
 */
public final class FileServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FileServer.class);

  /** Chunk size when the request asks for none. */
  static final int DEFAULT_CHUNK_BYTES = 1024 * 1024;

  /** Smallest chunk size served; smaller requests are raised to it. */
  static final int MIN_CHUNK_BYTES = 16 * 1024;

  /**
   * Largest chunk size served; larger requests are lowered to it. It is what each download may keep
   * waiting in memory while its receiver takes nothing.
   */
  static final int MAX_CHUNK_BYTES = 1024 * 1024;

  private static final long MAX_TICK_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static final Pattern FILE_ID = Pattern.compile("[0-9a-f]{24}");
  private static final int MAX_ECHO_CHARS = 40;

  private final ShareIndex index;
  private final ConfinedOpener opener;
  private final CallPermits permits;
  private final long stallNanos;
  private final Set<TransferStream> sending = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService watch;

  /** Creates a server for the files of {@code index}, with the default limits. */
  public FileServer(ShareIndex index) {
    this(index, PeerLimits.DEFAULTS);
  }

  FileServer(ShareIndex index, PeerLimits limits) {
    this.index = Objects.requireNonNull(index, "index");
    // Files with other hard links are refused: such a link may give a file outside the share a
    // name inside it.
    this.opener = new ConfinedOpener(false);
    this.permits = new CallPermits("downloads", limits.downloadsPerPeer(), limits.downloads());
    this.stallNanos = limits.stallTimeout().toNanos();
    this.watch =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("diztl-upload-watch").daemon().factory());
    long tick = Math.clamp(stallNanos / 4, TimeUnit.MILLISECONDS.toNanos(10), MAX_TICK_NANOS);
    watch.scheduleWithFixedDelay(this::stopStalled, tick, tick, TimeUnit.NANOSECONDS);
  }

  /**
   * Answers one download call. Every failure ends the call with a {@link Status}; nothing is
   * thrown. The request is checked and the header sent on the calling thread; the data then follows
   * from the call's on-ready callbacks (run on the server's executor) as the receiver takes it, so
   * this method returns without waiting for the whole transfer. Blocking here until the call is
   * ready again would never end: gRPC runs a call's callbacks one at a time, and the service method
   * is itself one of them.
   *
   * @param responses the call's observer; must be the {@link ServerCallStreamObserver} gRPC passes
   */
  public void serve(DownloadRequest request, StreamObserver<DownloadResponse> responses) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(responses, "responses");
    if (!(responses instanceof ServerCallStreamObserver<DownloadResponse> call)) {
      throw new IllegalArgumentException(
          "responses must be the ServerCallStreamObserver of a gRPC call, found "
              + responses.getClass().getName());
    }
    String peer = CallerAddress.current();
    TransferStream stream;
    try {
      permits.acquire(peer);
    } catch (StatusException e) {
      log.debug("Refused download of '{}' to {}: {}", echo(request.getFileId()), peer, e);
      call.onError(e);
      return;
    }
    try {
      stream = open(request, call);
    } catch (StatusException e) {
      permits.release(peer);
      log.debug("Refused download of '{}': {}", echo(request.getFileId()), e.getStatus());
      call.onError(e);
      return;
    } catch (RuntimeException e) {
      permits.release(peer);
      log.warn("Cannot serve file id '{}'", echo(request.getFileId()), e);
      call.onError(
          Status.INTERNAL
              .withDescription("cannot send file " + echo(request.getFileId()))
              .asException());
      return;
    }
    // The permit is held until the call is over on the wire, not only until the file is closed:
    // a stopped download's last chunk waits in memory until its receiver takes it or goes away.
    AtomicBoolean over = new AtomicBoolean();
    sending.add(stream);
    stream.start(
        () -> sending.remove(stream),
        () -> {
          if (over.compareAndSet(false, true)) {
            permits.release(peer);
          }
        });
  }

  /** The downloads whose file is open, being sent or waiting for the receiver. */
  int sending() {
    return sending.size();
  }

  private void stopStalled() {
    long now = System.nanoTime();
    for (TransferStream stream : sending) {
      stream.stopIfStalled(now, stallNanos);
    }
  }

  /** Stops the stall checks; downloads still running go on until their calls end. */
  @Override
  public void close() {
    watch.shutdownNow();
  }

  /** Whether {@code id} has the form of a file id (24 lower-case hex characters). */
  static boolean isFileId(String id) {
    return FILE_ID.matcher(id).matches();
  }

  /**
   * The start of {@code text}, short enough to quote in an error message, with control characters
   * shown as {@code ?}.
   */
  static String echo(String text) {
    String start = text.length() <= MAX_ECHO_CHARS ? text : text.substring(0, MAX_ECHO_CHARS);
    String shown =
        start
            .codePoints()
            .map(c -> Character.isISOControl(c) ? '?' : c)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    return text.length() <= MAX_ECHO_CHARS ? shown : shown + "...";
  }

  private TransferStream open(
      DownloadRequest request, ServerCallStreamObserver<DownloadResponse> call)
      throws StatusException {
    String id = request.getFileId();
    if (!isFileId(id)) {
      throw fail(
          Status.INVALID_ARGUMENT, "file id must be 24 hex characters, found '" + echo(id) + "'");
    }
    long offset = request.getOffset();
    if (offset < 0) {
      throw fail(Status.INVALID_ARGUMENT, "offset must be 0 or more, found " + offset);
    }
    int chunkBytes = chunkBytes(request.getChunkSize());
    IndexedFile file =
        index
            .get(id)
            .orElseThrow(() -> fail(Status.NOT_FOUND, "no file with id " + id + " is shared here"));
    FileChannel channel = openConfined(file);
    try {
      long size = channel.size();
      if (offset > size) {
        throw fail(
            Status.OUT_OF_RANGE,
            "offset "
                + offset
                + " is past the end of file "
                + file.path()
                + " ("
                + size
                + " bytes)");
      }
      String sha256 = index.sha256(file);
      FileHeader header =
          FileHeader.newBuilder()
              .setName(file.name())
              .setSize(size)
              .setSha256(sha256)
              .setOffset(offset)
              .build();
      log.debug(
          "Sending {} from offset {} of {} bytes in chunks of {}",
          file.path(),
          offset,
          size,
          chunkBytes);
      return new TransferStream(call, channel, file.path(), header, chunkBytes);
    } catch (IOException e) {
      closeQuietly(channel, file);
      log.warn("Cannot read {}", file.path(), e);
      throw fail(Status.INTERNAL, "cannot read file " + file.path());
    } catch (StatusException | RuntimeException e) {
      closeQuietly(channel, file);
      throw e;
    }
  }

  private static int chunkBytes(int requested) throws StatusException {
    if (requested < 0) {
      throw fail(Status.INVALID_ARGUMENT, "chunk size must be 0 or more, found " + requested);
    }
    if (requested == 0) {
      return DEFAULT_CHUNK_BYTES;
    }
    return Math.clamp(requested, MIN_CHUNK_BYTES, MAX_CHUNK_BYTES);
  }

  /** The open file of {@code file}, confined to the share by {@link ConfinedOpener}. */
  private FileChannel openConfined(IndexedFile file) throws StatusException {
    try {
      return opener.open(index.shareDir(), file.path()).channel();
    } catch (DiztlException e) {
      throw switch (e.kind()) {
        case NOT_FOUND -> gone(file);
        case PERMISSION_DENIED, UNAVAILABLE -> GrpcErrors.toStatus(e).getStatus().asException();
        default -> {
          log.warn("Cannot open {}: {}", file.path(), e.getMessage());
          yield fail(Status.INTERNAL, "cannot read file " + file.path());
        }
      };
    }
  }

  private static StatusException gone(IndexedFile file) {
    return fail(Status.NOT_FOUND, "file " + file.path() + " is no longer on disk here");
  }

  private static void closeQuietly(FileChannel channel, IndexedFile file) {
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("Cannot close {}", file.path(), e);
    }
  }

  private static StatusException fail(Status status, String description) {
    return status.withDescription(description).asException();
  }
}
