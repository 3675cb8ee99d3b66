package io.diztl.node.internal.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.node.internal.DownloadListener;
import io.diztl.node.internal.transfer.ExpectedFile;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.DownloadRequest;
import io.diztl.proto.v1.DownloadResponse;
import io.diztl.proto.v1.FileHeader;
import io.diztl.proto.v1.PeerGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads over real TCP from peers that lie or go silent: each one ends within its limit with an
 * error that says why, and writes no more than the peer's real data.
 */
class HostilePeerIT {

  private static final String NODE = "hostile";
  private static final String FILE = "0123456789abcdef01234567";
  private static final String SHA = "ab".repeat(32);
  private static final Duration BOUND = Duration.ofSeconds(20);
  private static final ReceiveLimits LIMITS =
      new ReceiveLimits(Duration.ofMillis(500), Duration.ofSeconds(1), 1L << 30, 0);

  @TempDir Path temp;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private BiConsumer<DownloadRequest, StreamObserver<DownloadResponse>> behaviour;
  private Server server;
  private ManagedChannel channel;
  private Path partials;
  private Downloader downloader;

  @BeforeEach
  void start() {
    PeerGrpc.PeerImplBase peer =
        new PeerGrpc.PeerImplBase() {
          @Override
          public void download(DownloadRequest request, StreamObserver<DownloadResponse> out) {
            behaviour.accept(request, out);
          }
        };
    server =
        Transport.plaintext()
            .startServer("127.0.0.1", 0, executor, List.of(peer.bindService()), List.of());
    channel = Transport.plaintext().channel("127.0.0.1", server.getPort(), id -> {});
    partials = temp.resolve("partial");
    downloader = new Downloader(partials, LIMITS);
  }

  @AfterEach
  void stop() {
    Transport.close(channel);
    Transport.close(server);
    timer.shutdownNow();
    executor.close();
  }

  @Test
  void aPeerThatSendsNothingAtAllTimesOut() {
    behaviour = (request, out) -> {};

    DiztlException e = download(ExpectedFile.UNKNOWN);

    assertEquals(ErrorKind.TIMED_OUT, e.kind());
    assertEquals("peer hostile sent nothing for 500 ms; nothing kept", e.getMessage());
  }

  @Test
  void aPeerThatFallsSilentAfterSomeDataTimesOutAndTheDataIsKept() throws Exception {
    behaviour =
        (request, out) -> {
          out.onNext(header(100));
          out.onNext(data(10));
        };

    DiztlException e = download(ExpectedFile.UNKNOWN);

    assertEquals(ErrorKind.TIMED_OUT, e.kind());
    assertEquals("peer hostile sent nothing for 500 ms; 10 bytes kept to resume", e.getMessage());
    assertEquals(10, Files.size(partials.resolve(NODE + "-" + FILE + ".part")));
  }

  @Test
  void aPeerThatTricklesIsStoppedAtTheOverallBound() {
    behaviour =
        (request, out) -> {
          out.onNext(header(1000));
          timer.scheduleAtFixedRate(() -> out.onNext(data(1)), 0, 100, TimeUnit.MILLISECONDS);
        };

    DiztlException e = download(ExpectedFile.UNKNOWN);

    assertEquals(ErrorKind.TIMED_OUT, e.kind());
    assertTrue(
        e.getMessage()
            .startsWith(
                "peer hostile took more than 1 s for the 1000 bytes of file "
                    + FILE
                    + " from node hostile; "),
        e.getMessage());
    assertTrue(e.getMessage().endsWith(" bytes kept to resume"), e.getMessage());
  }

  @Test
  void aFileLargerThanTheFreeSpaceIsRefusedBeforeAnythingIsWritten() throws Exception {
    long petabyte = 1L << 50;
    behaviour = (request, out) -> out.onNext(header(petabyte));

    DiztlException e = download(ExpectedFile.UNKNOWN);

    assertEquals(ErrorKind.RESOURCE_EXHAUSTED, e.kind());
    assertTrue(
        e.getMessage()
            .startsWith(
                "file " + FILE + " from node hostile is " + petabyte + " bytes, " + petabyte),
        e.getMessage());
    assertTrue(e.getMessage().contains(" still to fetch, but " + partials + " has "));
    assertFalse(Files.exists(partials.resolve(NODE + "-" + FILE + ".part")));
  }

  @Test
  void aPeerAnnouncingAnotherSizeThanItsSearchHitIsRefusedAtOnce() {
    long tebibyte = 1L << 40;
    behaviour = (request, out) -> out.onNext(header(tebibyte));

    DiztlException e = download(new ExpectedFile(10, SHA));

    assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind());
    assertEquals(
        "the peer announced "
            + tebibyte
            + " bytes with sha256 "
            + SHA
            + " for file "
            + FILE
            + " from node hostile, expected 10 bytes with sha256 "
            + SHA
            + " as its search hit or listing said; search again if the file changed",
        e.getMessage());
    assertFalse(Files.exists(partials.resolve(NODE + "-" + FILE + ".part")));
  }

  @Test
  void aPeerAnnouncingAnotherHashIsRefusedToo() {
    behaviour = (request, out) -> out.onNext(header(10));

    DiztlException e = download(new ExpectedFile(10, "cd".repeat(32)));

    assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind());
  }

  private DiztlException download(ExpectedFile expected) {
    return assertTimeoutPreemptively(
        BOUND,
        () ->
            assertThrows(
                DiztlException.class,
                () ->
                    downloader.download(
                        channel,
                        NODE,
                        FILE,
                        expected,
                        temp.resolve("downloads"),
                        DownloadListener.NONE)));
  }

  private static DownloadResponse header(long size) {
    return DownloadResponse.newBuilder()
        .setHeader(FileHeader.newBuilder().setName("hit.txt").setSize(size).setSha256(SHA))
        .build();
  }

  private static DownloadResponse data(int bytes) {
    return DownloadResponse.newBuilder().setData(ByteString.copyFrom(new byte[bytes])).build();
  }
}
