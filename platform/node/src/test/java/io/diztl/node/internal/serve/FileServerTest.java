package io.diztl.node.internal.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.google.protobuf.ByteString;
import io.diztl.api.FileType;
import io.diztl.index.IndexedFile;
import io.diztl.index.ShareIndex;
import io.diztl.node.internal.CallerAddress;
import io.diztl.node.internal.transfer.SentFileChanged;
import io.diztl.node.internal.transfer.limit.TransferLimiter;
import io.diztl.node.internal.transfer.limit.UploadBusy;
import io.diztl.node.internal.transfer.limit.UploadPacer;
import io.diztl.node.internal.transfer.limit.UploadSlots;
import io.diztl.proto.v1.DownloadRequest;
import io.diztl.proto.v1.DownloadResponse;
import io.diztl.proto.v1.FileHeader;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileServerTest {

  private static final String ID = "0123456789abcdef01234567";
  private static final String SHA = "ab".repeat(32);

  @TempDir Path temp;
  private Path share;
  private ShareIndex index;
  private FileServer server;

  @BeforeEach
  void setUp() throws IOException {
    share = Files.createDirectories(temp.resolve("share"));
    index = mock(ShareIndex.class);
    when(index.shareDir()).thenReturn(share);
    server = new FileServer(index);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  @Test
  void malformedIdsAreInvalidArguments() {
    for (String id :
        List.of(
            "", "abc", ID.toUpperCase(), ID + "0", "../../etc/passwd0123456789", "x".repeat(500))) {
      FakeCall call = serve(DownloadRequest.newBuilder().setFileId(id).build());
      assertEquals(Status.Code.INVALID_ARGUMENT, call.status().getCode(), id);
      assertTrue(call.status().getDescription().startsWith("file id must be 24 hex characters"));
      assertTrue(call.status().getDescription().length() < 120, call.status().getDescription());
    }
  }

  @Test
  void negativeOffsetOrChunkSizeIsInvalidArgument() throws IOException {
    register("a.bin", bytes(10));
    FakeCall offset = serve(request(-1, 0));
    assertEquals(Status.Code.INVALID_ARGUMENT, offset.status().getCode());
    FakeCall chunk = serve(DownloadRequest.newBuilder().setFileId(ID).setChunkSize(-5).build());
    assertEquals(Status.Code.INVALID_ARGUMENT, chunk.status().getCode());
  }

  @Test
  void unknownIdIsNotFound() {
    FakeCall call = serve(request(0, 0));
    assertEquals(Status.Code.NOT_FOUND, call.status().getCode());
    assertEquals("no file with id " + ID + " is shared here", call.status().getDescription());
  }

  @Test
  void fileGoneFromDiskIsNotFound() throws IOException {
    Path file = register("gone.bin", bytes(10));
    Files.delete(file);
    assertEquals(Status.Code.NOT_FOUND, serve(request(0, 0)).status().getCode());
  }

  @Test
  void symlinkLeadingOutIsPermissionDenied() throws IOException {
    Path secret = Files.write(temp.resolve("secret.txt"), bytes(100));
    Files.createSymbolicLink(share.resolve("link.txt"), secret);
    index("link.txt", 100);
    FakeCall call = serve(request(0, 0));
    assertEquals(Status.Code.PERMISSION_DENIED, call.status().getCode());
    assertEquals("file link.txt is outside the share folder", call.status().getDescription());
    assertTrue(call.sent.isEmpty());
  }

  @Test
  void symlinkedParentLeadingOutIsPermissionDenied() throws IOException {
    Path outside = Files.createDirectories(temp.resolve("outside"));
    Files.write(outside.resolve("secret.txt"), bytes(100));
    Files.createSymbolicLink(share.resolve("dir"), outside);
    index("dir/secret.txt", 100);
    FakeCall call = serve(request(0, 0));
    assertEquals(Status.Code.PERMISSION_DENIED, call.status().getCode());
    assertTrue(call.sent.isEmpty());
  }

  @Test
  void folderIsPermissionDenied() throws IOException {
    Files.createDirectories(share.resolve("sub"));
    index("sub", 0);
    assertEquals(Status.Code.PERMISSION_DENIED, serve(request(0, 0)).status().getCode());
  }

  @Test
  void offsetPastTheEndIsOutOfRange() throws IOException {
    register("a.bin", bytes(10));
    assertEquals(Status.Code.OUT_OF_RANGE, serve(request(11, 0)).status().getCode());
  }

  @Test
  void servesHeaderThenDataFromTheOffset() throws IOException {
    byte[] content = bytes(100_000);
    register("sub/data.bin", content);
    FakeCall call = serve(request(1_000, 1));

    assertNull(call.error);
    assertTrue(call.completed);
    FileHeader header = call.sent.getFirst().getHeader();
    assertEquals("data.bin", header.getName());
    assertEquals(content.length, header.getSize());
    assertEquals(SHA, header.getSha256());
    assertEquals(1_000, header.getOffset());
    List<ByteString> chunks = call.chunks();
    assertEquals(FileServer.MIN_CHUNK_BYTES, chunks.getFirst().size(), "chunk size raised");
    assertArrayEquals(
        Arrays.copyOfRange(content, 1_000, content.length),
        ByteString.copyFrom(chunks).toByteArray());
  }

  @Test
  void asksTheIndexForTheRootAgainOnlyOnceTheFileChanged() throws IOException {
    Path file = register("a.bin", bytes(1_000));
    IndexedFile indexed = index.get(ID).orElseThrow();
    assertEquals(SHA, serve(request(0, 10)).sent.getFirst().getHeader().getSha256());
    assertEquals(SHA, serve(request(10, 10)).sent.getFirst().getHeader().getSha256());
    verify(index, times(1)).sha256(indexed);

    String newer = "cd".repeat(32);
    when(index.sha256(indexed)).thenReturn(newer);
    Files.setLastModifiedTime(
        file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5_000));
    assertEquals(newer, serve(request(0, 10)).sent.getFirst().getHeader().getSha256());
    verify(index, times(2)).sha256(indexed);
  }

  @Test
  void offsetAtTheEndSendsOnlyTheHeader() throws IOException {
    register("a.bin", bytes(10));
    FakeCall call = serve(request(10, 0));
    assertTrue(call.completed);
    assertEquals(1, call.sent.size());
  }

  @Test
  void sendsOnlyWhileTheCallIsReady() throws IOException {
    byte[] content = bytes(5 * FileServer.MIN_CHUNK_BYTES);
    register("a.bin", content);
    FakeCall call = new FakeCall(2);
    server.serve(request(0, FileServer.MIN_CHUNK_BYTES), call);
    assertEquals(2, call.sent.size(), "header and one chunk");
    assertFalse(call.completed);

    call.ready(2);
    assertEquals(4, call.sent.size());
    call.ready(100);
    assertTrue(call.completed);
    assertArrayEquals(content, ByteString.copyFrom(call.chunks()).toByteArray());
  }

  @Test
  void cancellationStopsTheTransfer() throws IOException {
    register("a.bin", bytes(5 * FileServer.MIN_CHUNK_BYTES));
    FakeCall call = new FakeCall(2);
    server.serve(request(0, FileServer.MIN_CHUNK_BYTES), call);
    call.cancel();
    call.ready(100);
    assertEquals(2, call.sent.size());
    assertFalse(call.completed);
    assertNull(call.error);
  }

  @Test
  void fileShrinkingWhileSentIsAborted() throws IOException {
    Path file = register("a.bin", bytes(5 * FileServer.MIN_CHUNK_BYTES));
    FakeCall call = new FakeCall(2);
    server.serve(request(0, FileServer.MIN_CHUNK_BYTES), call);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(FileServer.MIN_CHUNK_BYTES + 10);
    }
    call.ready(100);
    assertEquals(Status.Code.ABORTED, call.status().getCode());
    assertEquals("file a.bin changed while it was being sent", call.status().getDescription());
  }

  @Test
  void fileModifiedWhileSentIsAbortedAsChanged() throws IOException {
    Path file = register("a.bin", bytes(5 * FileServer.MIN_CHUNK_BYTES));
    FakeCall call = new FakeCall(2);
    server.serve(request(0, FileServer.MIN_CHUNK_BYTES), call);
    Files.setLastModifiedTime(
        file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5_000));
    call.ready(100);
    assertEquals(Status.Code.ABORTED, call.status().getCode());
    assertTrue(SentFileChanged.is(call.error), "marked as a changed file");
    assertEquals(2, call.sent.size(), "nothing read after the change is sent");
  }

  @Test
  void requestsBeyondTheUploadSlotsAreToldTheirPlaceInTheQueue() throws IOException {
    server.close();
    server =
        new FileServer(
            index,
            limits(5, 10, Duration.ofMinutes(1)),
            new UploadSlots(1, Duration.ofMillis(300)),
            TransferLimiter.unlimited());
    register("a.bin", bytes(5 * FileServer.MIN_CHUNK_BYTES));
    FakeCall first = new FakeCall(1);
    server.serve(request(0, 0), first);

    FakeCall queued = serve(request(0, 0));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, queued.status().getCode());
    assertEquals(
        Optional.of(new UploadBusy(1, Duration.ofMillis(300))), UploadBusy.from(queued.error));

    first.cancel();
    assertTrue(serve(request(0, 0)).completed, "served once the slot is free");
  }

  @Test
  void aPacedStreamPausesAndResumesFromTheScheduler() throws IOException {
    byte[] content = bytes(4 * FileServer.MIN_CHUNK_BYTES);
    Path file = register("a.bin", content);
    List<Long> pauses = new ArrayList<>();
    List<Runnable> resumptions = new ArrayList<>();
    UploadPacer pacer =
        new UploadPacer() {
          @Override
          public long sent(long bytes) {
            return 7_000;
          }

          @Override
          public int chunkBytes(int wanted) {
            return FileServer.MIN_CHUNK_BYTES;
          }

          @Override
          public void close() {}
        };
    FakeCall call = new FakeCall(Integer.MAX_VALUE);
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    new TransferStream(
            new DownloadResponses(call),
            channel,
            new TransferStream.SentFile(file, "a.bin", Files.getLastModifiedTime(file)),
            FileHeader.newBuilder()
                .setName("a.bin")
                .setSize(content.length)
                .setLength(content.length)
                .build(),
            false,
            FileServer.MAX_CHUNK_BYTES,
            new ChunkBuffers(FileServer.MAX_CHUNK_BYTES, 1),
            pacer,
            (nanos, resume) -> {
              pauses.add(nanos);
              resumptions.add(resume);
            })
        .start(() -> {}, () -> {});

    assertEquals(2, call.sent.size(), "header and one chunk, then a pause");
    call.ready(100);
    assertEquals(2, call.sent.size(), "a ready call does not end the pause");
    for (int chunk = 2; chunk <= 4; chunk++) {
      resumptions.removeFirst().run();
      assertEquals(chunk + 1, call.sent.size());
    }
    assertEquals(List.of(7_000L, 7_000L, 7_000L, 7_000L), pauses);
    assertFalse(call.completed, "the end waits for the last pause");
    resumptions.removeFirst().run();
    assertTrue(call.completed);
    assertArrayEquals(content, ByteString.copyFrom(call.chunks()).toByteArray());
    assertFalse(channel.isOpen());
  }

  @Test
  void aRangesStreamSendsEachRangeOfferedThenEndsWhenNoMoreComes() throws IOException {
    byte[] content = bytes(4 * FileServer.MIN_CHUNK_BYTES);
    FakeCall call = new FakeCall(0);
    TransferStream stream = rangesStream(call, register("a.bin", content), content.length, 10);
    stream.start(() -> {}, () -> {});
    assertEquals(1, call.sent.size(), "the first header; no data before the call is ready");

    stream.offer(range(content.length, 100, 5));
    stream.offer(range(content.length, content.length - 1, 1));
    call.ready(100);
    List<DownloadResponse> sent = call.sent;
    assertEquals(6, sent.size(), "three headers, each followed by its data");
    assertEquals(100, sent.get(2).getHeader().getOffset());
    assertEquals(ByteString.copyFrom(content, 100, 5), sent.get(3).getData());
    assertEquals(content.length - 1, sent.get(4).getHeader().getOffset());
    assertFalse(call.completed, "open for the next range");

    stream.noMoreRanges();
    assertTrue(call.completed);
  }

  @Test
  void aRangesStreamRefusesMoreRangesAheadThanAllowed() throws IOException {
    byte[] content = bytes(4 * FileServer.MIN_CHUNK_BYTES);
    FakeCall call = new FakeCall(0);
    TransferStream stream =
        rangesStream(call, register("a.bin", content), content.length, content.length);
    stream.start(() -> {}, () -> {});
    for (int i = 0; i < TransferStream.MAX_PENDING_RANGES; i++) {
      stream.offer(range(content.length, 0, 10));
    }
    assertNull(call.error, "as many as allowed wait");
    stream.offer(range(content.length, 0, 10));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, call.status().getCode());
  }

  private static FileHeader range(long size, long offset, long length) {
    return FileHeader.newBuilder()
        .setName("a.bin")
        .setSize(size)
        .setOffset(offset)
        .setLength(length)
        .build();
  }

  private static TransferStream rangesStream(FakeCall call, Path file, long size, long length)
      throws IOException {
    return new TransferStream(
        new DownloadResponses(call),
        FileChannel.open(file, StandardOpenOption.READ),
        new TransferStream.SentFile(file, "a.bin", Files.getLastModifiedTime(file)),
        range(size, 0, length),
        true,
        FileServer.MAX_CHUNK_BYTES,
        new ChunkBuffers(FileServer.MAX_CHUNK_BYTES, 1),
        UploadPacer.NONE,
        (nanos, resume) -> resume.run());
  }

  @Test
  void refusesDownloadsPastThePerPeerLimitUntilACallIsOver() throws IOException {
    server.close();
    server = new FileServer(index, limits(2, 10, Duration.ofMinutes(1)));
    register("a.bin", bytes(5 * FileServer.MIN_CHUNK_BYTES));
    FakeCall first = new FakeCall(1);
    FakeCall second = new FakeCall(1);
    server.serve(request(0, 0), first);
    server.serve(request(0, 0), second);

    FakeCall third = serve(request(0, 0));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, third.status().getCode());
    assertEquals(
        "this node serves at most 2 downloads at once to one peer, and "
            + CallerAddress.UNKNOWN
            + " has 2; try again when one ends",
        third.status().getDescription());

    first.cancel();
    second.ready(100);
    assertTrue(second.completed);
    assertTrue(serve(request(0, 0)).completed, "served once the others are over");
  }

  @Test
  void refusesDownloadsPastTheTotalLimit() throws IOException {
    server.close();
    server = new FileServer(index, limits(5, 1, Duration.ofMinutes(1)));
    register("a.bin", bytes(5 * FileServer.MIN_CHUNK_BYTES));
    server.serve(request(0, 0), new FakeCall(1));

    FakeCall refused = serve(request(0, 0));

    assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.status().getCode());
    assertEquals(
        "this node serves at most 1 downloads at once to all peers together; try again later",
        refused.status().getDescription());
  }

  @Test
  void aDownloadWhoseReceiverTakesNothingIsStoppedAndItsFileClosed() throws Exception {
    server.close();
    server = new FileServer(index, limits(5, 10, Duration.ofMillis(100)));
    register("a.bin", bytes(5 * FileServer.MIN_CHUNK_BYTES));
    FakeCall stalled = new FakeCall(2);
    server.serve(request(0, FileServer.MIN_CHUNK_BYTES), stalled);
    assertEquals(1, server.sending());

    long end = System.nanoTime() + 10_000_000_000L;
    while (stalled.error == null && System.nanoTime() < end) {
      Thread.sleep(10);
    }

    assertEquals(Status.Code.DEADLINE_EXCEEDED, stalled.status().getCode());
    assertEquals(
        "stopped sending a.bin: the receiver took no data for 100 ms",
        stalled.status().getDescription());
    assertEquals(0, server.sending());
    assertEquals(2, stalled.sent.size(), "header and one chunk, nothing more");
  }

  @Test
  void chunksAreAtMostAQuarterMebibyteWhateverTheReceiverAsks() throws IOException {
    register("a.bin", bytes(3 * FileServer.MAX_CHUNK_BYTES));
    FakeCall call = serve(request(0, 8 * FileServer.MAX_CHUNK_BYTES));
    assertEquals(
        List.of(FileServer.MAX_CHUNK_BYTES),
        call.chunks().stream().map(ByteString::size).distinct().toList());
  }

  @Test
  void rejectsAnObserverThatIsNotACall() {
    StreamObserver<DownloadResponse> plain =
        new StreamObserver<>() {
          @Override
          public void onNext(DownloadResponse value) {}

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {}
        };
    assertThrows(IllegalArgumentException.class, () -> server.serve(request(0, 0), plain));
  }

  private static PeerLimits limits(int perPeer, int total, Duration stall) {
    return new PeerLimits(perPeer, total, stall, 1, 1, 1, Duration.ofSeconds(1));
  }

  private FakeCall serve(DownloadRequest request) {
    FakeCall call = new FakeCall(Integer.MAX_VALUE);
    server.serve(request, call);
    return call;
  }

  private static DownloadRequest request(long offset, int chunkSize) {
    return DownloadRequest.newBuilder()
        .setFileId(ID)
        .setOffset(offset)
        .setChunkSize(chunkSize)
        .build();
  }

  private Path register(String relative, byte[] content) throws IOException {
    Path file = share.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.write(file, content);
    index(relative, content.length);
    return file;
  }

  private void index(String relative, long size) {
    String name = relative.substring(relative.lastIndexOf('/') + 1);
    IndexedFile file = new IndexedFile(ID, relative, name, "bin", FileType.OTHER, size, 0, "", 0);
    when(index.get(ID)).thenReturn(Optional.of(file));
    when(index.sha256(file)).thenReturn(SHA);
  }

  private static byte[] bytes(int count) {
    byte[] bytes = new byte[count];
    new Random(count).nextBytes(bytes);
    return bytes;
  }

  /** A call that takes a given number of messages before it stops being ready. */
  private static final class FakeCall extends ServerCallStreamObserver<DownloadResponse> {
    final List<DownloadResponse> sent = new CopyOnWriteArrayList<>();
    volatile Throwable error;
    volatile boolean completed;
    private int budget;
    private boolean cancelled;
    private Runnable onReady = () -> {};
    private Runnable onCancel = () -> {};
    private Runnable onClose = () -> {};

    FakeCall(int budget) {
      this.budget = budget;
    }

    void ready(int messages) {
      budget = messages;
      onReady.run();
    }

    void cancel() {
      cancelled = true;
      onCancel.run();
    }

    Status status() {
      return Status.fromThrowable(error);
    }

    List<ByteString> chunks() {
      return sent.stream().skip(1).map(DownloadResponse::getData).toList();
    }

    @Override
    public void onNext(DownloadResponse value) {
      assertFalse(completed || error != null, "message after the end");
      if (!cancelled) {
        sent.add(value);
        budget--;
      }
    }

    @Override
    public void onError(Throwable t) {
      assertFalse(completed || error != null, "second end");
      error = t;
      onClose.run();
    }

    @Override
    public void onCompleted() {
      assertFalse(completed || error != null, "second end");
      completed = true;
      onClose.run();
    }

    @Override
    public boolean isReady() {
      return budget > 0 && !cancelled;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public void setOnReadyHandler(Runnable handler) {
      onReady = handler;
    }

    @Override
    public void setOnCancelHandler(Runnable handler) {
      onCancel = handler;
    }

    @Override
    public void setOnCloseHandler(Runnable handler) {
      onClose = handler;
    }

    @Override
    public void setCompression(String compression) {}

    @Override
    public void disableAutoInboundFlowControl() {}

    @Override
    public void request(int count) {}

    @Override
    public void setMessageCompression(boolean enable) {}
  }
}
