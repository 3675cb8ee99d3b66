package io.diztl.node.internal.serve;

import com.google.protobuf.ByteString;
import io.diztl.api.DiztlException;
import io.diztl.index.IndexedFile;
import io.diztl.index.PieceHashes;
import io.diztl.index.ShareIndex;
import io.diztl.node.TransferLimits;
import io.diztl.node.internal.CallerAddress;
import io.diztl.node.internal.GrpcErrors;
import io.diztl.node.internal.transfer.limit.TransferLimiter;
import io.diztl.node.internal.transfer.limit.UploadBusy;
import io.diztl.node.internal.transfer.limit.UploadPacer;
import io.diztl.node.internal.transfer.limit.UploadSlots;
import io.diztl.proto.v1.DownloadRequest;
import io.diztl.proto.v1.DownloadResponse;
import io.diztl.proto.v1.FileHeader;
import io.diztl.proto.v1.GetPiecesRequest;
import io.diztl.proto.v1.GetPiecesResponse;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the content of indexed files over {@code Peer.Download}: checks the request and the file,
 * then streams a header and the data with gRPC flow control. Bounds what receivers may hold: a few
 * downloads per peer and a few dozen in all (see {@link PeerLimits}), at most one chunk of each in
 * memory, and a download whose receiver takes no data for the stall timeout is stopped. Sends at
 * most as many files at once as it has {@link UploadSlots}, telling the others their place in the
 * queue ({@link UploadBusy}), and as fast as its {@link TransferLimiter} lets it.
 */
public final class FileServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FileServer.class);

  /** Chunk size when the request asks for none. */
  static final int DEFAULT_CHUNK_BYTES = 256 * 1024;

  /** Smallest chunk size served; smaller requests are raised to it. */
  static final int MIN_CHUNK_BYTES = 16 * 1024;

  /**
   * Largest chunk size served; larger requests are lowered to it. It is what each download may keep
   * waiting in memory while its receiver takes nothing. Each message costs both sides a hand-off
   * between threads, a flow-control update and a file check, so a fast download wants them large;
   * the arrays are pooled ({@link ChunkBuffers}) and receivers keep chunks in gRPC's buffers (no
   * array per message, see {@code ReceivedPart}), so their size costs no garbage. A little under 1
   * MiB: an array with its header then fits in one G1 region (1 MiB for heaps under 2 GiB).
   */
  static final int MAX_CHUNK_BYTES = 1024 * 1024 - 1024;

  /** How many files' content roots are kept to answer their next ranges without the index. */
  private static final int KEPT_ROOTS = 256;

  /** How many chunk arrays of ended downloads are kept for the next ones (4 MiB). */
  private static final int KEPT_CHUNK_BUFFERS = 4;

  private static final long MAX_TICK_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static final Pattern FILE_ID = Pattern.compile("[0-9a-f]{24}");
  private static final int MAX_ECHO_CHARS = 40;

  /** How long a download refused for want of a free upload slot is told to wait. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(2);

  private final ShareIndex index;
  private final ConfinedOpener opener;
  private final CallPermits permits;
  private final UploadSlots slots;
  private final TransferLimiter limiter;
  private final long stallNanos;
  private final Set<TransferStream> sending = ConcurrentHashMap.newKeySet();
  private final AtomicLong bytesRequested = new AtomicLong();
  private final ScheduledExecutorService watch;
  private final ContentRoots roots = new ContentRoots(KEPT_ROOTS);
  private final ChunkBuffers buffers = new ChunkBuffers(MAX_CHUNK_BYTES, KEPT_CHUNK_BUFFERS);

  /** Creates a server for the files of {@code index}, with the default limits. */
  public FileServer(ShareIndex index) {
    this(index, TransferLimits.DEFAULTS.uploadSlots(), TransferLimiter.unlimited());
  }

  /**
   * Creates a server for the files of {@code index} that sends at most {@code uploadSlots} files at
   * once, as fast as {@code limiter} lets it.
   */
  public FileServer(ShareIndex index, int uploadSlots, TransferLimiter limiter) {
    this(index, PeerLimits.DEFAULTS, new UploadSlots(uploadSlots, RETRY_AFTER), limiter);
  }

  public FileServer(ShareIndex index, PeerLimits limits) {
    this(
        index,
        limits,
        new UploadSlots(TransferLimits.DEFAULTS.uploadSlots(), RETRY_AFTER),
        TransferLimiter.unlimited());
  }

  FileServer(ShareIndex index, PeerLimits limits, UploadSlots slots, TransferLimiter limiter) {
    this.index = Objects.requireNonNull(index, "index");
    // Files with other hard links are refused: such a link may give a file outside the share a
    // name inside it.
    this.opener = new ConfinedOpener(false);
    this.slots = Objects.requireNonNull(slots, "slots");
    this.limiter = Objects.requireNonNull(limiter, "limiter");
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
    serveParts(request, new DownloadResponses(call));
  }

  /**
   * {@code Peer.Download} served by this server, writing the file's data into gRPC's frames without
   * building a message per chunk (see {@link DownloadPart}); answers as {@link #serve}.
   */
  public ServerMethodDefinition<DownloadRequest, ?> downloadMethod() {
    return ServerMethodDefinition.create(
        DownloadPart.METHOD,
        ServerCalls.asyncServerStreamingCall(
            (request, parts) ->
                serveParts(request, (ServerCallStreamObserver<DownloadPart>) parts)));
  }

  /**
   * {@code Peer.DownloadRanges} served by this server: the first request is checked and admitted as
   * a download is (a permit, an upload slot, the confined open, held until the call ends); each
   * further request is a range of the same open file, sent after the ones before it.
   */
  public ServerMethodDefinition<DownloadRequest, ?> downloadRangesMethod() {
    return ServerMethodDefinition.create(
        DownloadPart.RANGES_METHOD,
        ServerCalls.asyncBidiStreamingCall(
            parts -> new RangeRequests((ServerCallStreamObserver<DownloadPart>) parts)));
  }

  /** The requests of one ranges call: the first opens the file, the others are its ranges. */
  private final class RangeRequests implements StreamObserver<DownloadRequest> {
    private final ServerCallStreamObserver<DownloadPart> call;
    private final String peer = CallerAddress.current();
    private TransferStream stream;
    private String fileId;
    private boolean failed;

    RangeRequests(ServerCallStreamObserver<DownloadPart> call) {
      this.call = new LateHandlerCall<>(call);
    }

    @Override
    public void onNext(DownloadRequest request) {
      if (failed) {
        return;
      }
      if (fileId == null) {
        fileId = request.getFileId();
        stream = admit(request, call, peer, true);
        failed = stream == null;
        return;
      }
      try {
        FileHeader current = stream.header();
        if (!request.getFileId().equals(fileId)) {
          throw fail(
              Status.INVALID_ARGUMENT,
              "every range of a call must be of file "
                  + fileId
                  + ", found '"
                  + echo(request.getFileId())
                  + "'");
        }
        FileHeader next =
            range(current, request.getOffset(), request.getLength(), current.getName());
        bytesRequested.addAndGet(next.getLength());
        stream.offer(next);
      } catch (StatusException e) {
        failed = true;
        stream.fail(e);
      }
    }

    @Override
    public void onError(Throwable t) {
      // Cancelled by the receiver: the stream's cancel handler closes the file.
    }

    @Override
    public void onCompleted() {
      if (stream != null && !failed) {
        stream.noMoreRanges();
      } else if (fileId == null) {
        call.onCompleted(); // no range asked for at all
      }
    }
  }

  private void serveParts(DownloadRequest request, ServerCallStreamObserver<DownloadPart> call) {
    admit(request, call, CallerAddress.current(), false);
  }

  /**
   * Admits and starts the download {@code request} asks for (of a ranges call if {@code ranges}),
   * or ends the call with the reason it cannot be served and returns null.
   */
  private TransferStream admit(
      DownloadRequest request,
      ServerCallStreamObserver<DownloadPart> call,
      String peer,
      boolean ranges) {
    TransferStream stream;
    try {
      permits.acquire(peer);
    } catch (StatusException e) {
      log.debug("Refused download of '{}' to {}: {}", echo(request.getFileId()), peer, e);
      call.onError(e);
      return null;
    }
    Optional<UploadBusy> busy = slots.tryTake(peer + " " + request.getFileId());
    if (busy.isPresent()) {
      permits.release(peer);
      log.debug(
          "Queued download of '{}' to {} at {}",
          echo(request.getFileId()),
          peer,
          busy.get().position());
      call.onError(busy.get().toException(slots.slots()));
      return null;
    }
    try {
      stream = open(request, call, peer, ranges);
    } catch (StatusException e) {
      slots.release();
      permits.release(peer);
      log.debug("Refused download of '{}': {}", echo(request.getFileId()), e.getStatus());
      call.onError(e);
      return null;
    } catch (RuntimeException e) {
      slots.release();
      permits.release(peer);
      log.warn("Cannot serve file id '{}'", echo(request.getFileId()), e);
      call.onError(
          Status.INTERNAL
              .withDescription("cannot send file " + echo(request.getFileId()))
              .asException());
      return null;
    }
    // The permit is held until the call is over on the wire, not only until the file is closed:
    // a stopped download's last chunk waits in memory until its receiver takes it or goes away.
    AtomicBoolean over = new AtomicBoolean();
    sending.add(stream);
    stream.start(
        () -> sending.remove(stream),
        () -> {
          if (over.compareAndSet(false, true)) {
            slots.release();
            permits.release(peer);
          }
        });
    return stream;
  }

  /** The bytes of all download requests answered with a header so far. */
  public long bytesRequested() {
    return bytesRequested.get();
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
  public static boolean isFileId(String id) {
    return FILE_ID.matcher(id).matches();
  }

  /**
   * The start of {@code text}, short enough to quote in an error message, with control characters
   * shown as {@code ?}.
   */
  public static String echo(String text) {
    String start = text.length() <= MAX_ECHO_CHARS ? text : text.substring(0, MAX_ECHO_CHARS);
    String shown =
        start
            .codePoints()
            .map(c -> Character.isISOControl(c) ? '?' : c)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    return text.length() <= MAX_ECHO_CHARS ? shown : shown + "...";
  }

  /**
   * Answers one {@code GetPieces} call with the piece hashes of an indexed file, hashing it first
   * when they are not known. Every failure ends the call with a {@link Status}.
   */
  public void servePieces(GetPiecesRequest request, StreamObserver<GetPiecesResponse> responses) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(responses, "responses");
    try {
      String id = request.getFileId();
      if (!isFileId(id)) {
        throw fail(
            Status.INVALID_ARGUMENT, "file id must be 24 hex characters, found '" + echo(id) + "'");
      }
      IndexedFile file =
          index
              .get(id)
              .orElseThrow(
                  () -> fail(Status.NOT_FOUND, "no file with id " + id + " is shared here"));
      closeQuietly(openConfined(file).channel(), file);
      PieceHashes hashes = index.pieces(file);
      responses.onNext(
          GetPiecesResponse.newBuilder()
              .setRoot(hashes.rootHex())
              .setSize(hashes.size())
              .setPieceSize(hashes.pieceSize())
              .setPieceHashes(ByteString.copyFrom(hashes.layer()))
              .setName(file.name())
              .build());
      responses.onCompleted();
    } catch (StatusException e) {
      responses.onError(e);
    } catch (DiztlException e) {
      log.debug("Cannot hash file id '{}': {}", echo(request.getFileId()), e.getMessage());
      responses.onError(
          Status.NOT_FOUND
              .withDescription("file " + echo(request.getFileId()) + " cannot be read here")
              .asException());
    }
  }

  private TransferStream open(
      DownloadRequest request,
      ServerCallStreamObserver<DownloadPart> call,
      String peer,
      boolean ranges)
      throws StatusException {
    String id = request.getFileId();
    if (!isFileId(id)) {
      throw fail(
          Status.INVALID_ARGUMENT, "file id must be 24 hex characters, found '" + echo(id) + "'");
    }
    long offset = request.getOffset();
    long length = request.getLength();
    int chunkBytes = chunkBytes(request.getChunkSize());
    IndexedFile file =
        index
            .get(id)
            .orElseThrow(() -> fail(Status.NOT_FOUND, "no file with id " + id + " is shared here"));
    ConfinedOpener.Opened opened = openConfined(file);
    FileChannel channel = opened.channel();
    try {
      // Taken before the hash: a change while the hash is taken shows when the data is sent.
      FileTime modified = opened.attributes().lastModifiedTime();
      Path real = index.shareDir().resolve(file.path());
      long size = channel.size();
      FileHeader whole = FileHeader.newBuilder().setName(file.name()).setSize(size).build();
      range(whole, offset, length, file.path());
      String sha256 = rootOf(id, file, real, channel, modified);
      FileHeader header =
          range(whole.toBuilder().setSha256(sha256).build(), offset, length, file.path());
      bytesRequested.addAndGet(header.getLength());
      log.debug(
          "Sending {} from offset {} of {} bytes in chunks of {}",
          file.path(),
          offset,
          size,
          chunkBytes);
      UploadPacer pacer = limiter.uploadTo(peer);
      return new TransferStream(
          call,
          channel,
          new TransferStream.SentFile(real, file.path(), modified),
          header,
          ranges,
          chunkBytes,
          buffers,
          pacer,
          (nanos, resume) -> watch.schedule(resume, nanos, TimeUnit.NANOSECONDS));
    } catch (IOException e) {
      closeQuietly(channel, file);
      log.warn("Cannot read {}", file.path(), e);
      throw fail(Status.INTERNAL, "cannot read file " + file.path());
    } catch (StatusException | RuntimeException e) {
      closeQuietly(channel, file);
      throw e;
    }
  }

  /**
   * {@code whole}'s header for the {@code length} bytes from {@code offset} (0 for up to the end),
   * or OUT_OF_RANGE when they do not fit in the file ({@code path} as the message names it).
   */
  private static FileHeader range(FileHeader whole, long offset, long length, String path)
      throws StatusException {
    long size = whole.getSize();
    if (offset < 0 || length < 0) {
      throw fail(
          Status.INVALID_ARGUMENT,
          "offset and length must be 0 or more, found " + offset + " and " + length);
    }
    if (offset > size) {
      throw fail(
          Status.OUT_OF_RANGE,
          "offset " + offset + " is past the end of file " + path + " (" + size + " bytes)");
    }
    if (length > size - offset) {
      throw fail(
          Status.OUT_OF_RANGE,
          "the "
              + length
              + " bytes from offset "
              + offset
              + " end past the end of file "
              + path
              + " ("
              + size
              + " bytes)");
    }
    return whole.toBuilder()
        .setOffset(offset)
        .setLength(length == 0 ? size - offset : length)
        .build();
  }

  /**
   * The content root of {@code file}, open as {@code channel} and modified at {@code modified}: the
   * one noted for it at this size and time, else the index's, noted if the file did not change
   * meanwhile.
   */
  private String rootOf(
      String id, IndexedFile file, Path real, FileChannel channel, FileTime modified)
      throws IOException {
    long size = channel.size();
    long millis = modified.toMillis();
    Optional<String> noted = roots.get(id, file.path(), size, millis);
    if (noted.isPresent()) {
      return noted.get();
    }
    String root = index.sha256(file);
    if (channel.size() == size
        && Files.getLastModifiedTime(real, LinkOption.NOFOLLOW_LINKS).equals(modified)) {
      roots.put(id, file.path(), size, millis, root);
    }
    return root;
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
  private ConfinedOpener.Opened openConfined(IndexedFile file) throws StatusException {
    try {
      return opener.open(index.shareDir(), file.path());
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
