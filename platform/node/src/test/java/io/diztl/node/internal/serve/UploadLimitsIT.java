package io.diztl.node.internal.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.node.internal.DownloadListener;
import io.diztl.node.internal.OneFileShare;
import io.diztl.node.internal.fetch.DownloadResult;
import io.diztl.node.internal.fetch.Downloader;
import io.diztl.node.internal.transfer.ExpectedFile;
import io.diztl.node.internal.transfer.limit.TransferLimiter;
import io.diztl.node.internal.transfer.limit.UploadSlots;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.DownloadRequest;
import io.diztl.proto.v1.DownloadResponse;
import io.diztl.proto.v1.PeerGrpc;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upload slots, bandwidth limits and a file that changes while it is sent, over real TCP on
 * 127.0.0.1 between a {@link FileServer} and a {@link Downloader}.
 */
class UploadLimitsIT {

  private static final String ID = OneFileShare.ID;
  private static final int MIB = 1024 * 1024;

  @TempDir Path temp;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final List<DownloadRequest> requests = new CopyOnWriteArrayList<>();
  private Path file;
  private byte[] content;
  private FileServer files;
  private Server server;
  private ManagedChannel channel;

  @AfterEach
  void stop() {
    Transport.close(channel);
    Transport.close(server);
    files.close();
    executor.close();
  }

  @Test
  void aDownloadBeyondTheUploadSlotsWaitsItsTurnAndFinishes() throws Exception {
    start(16 * MIB, new UploadSlots(1, Duration.ofMillis(200)), TransferLimiter.unlimited());
    Holder holder = new Holder();
    assertTrue(holder.header.get(20, TimeUnit.SECONDS), "the holder has the only slot");

    Future<DownloadResult> waiting = executor.submit(() -> download(DownloadListener.NONE));
    awaitRequests(3); // the holder's, then the waiting download refused twice: it asks again
    assertFalse(waiting.isDone(), "waits while the slot is taken");
    holder.call.cancel("done holding", null);

    DownloadResult result = waiting.get(60, TimeUnit.SECONDS);
    assertArrayEquals(content, Files.readAllBytes(result.finalPath()));
    assertEquals(Status.Code.CANCELLED, holder.closed.get(10, TimeUnit.SECONDS).getCode());
  }

  @Test
  void anUploadLimitedPerPeerTakesAtLeastItsSizeOverTheLimit() throws Exception {
    long limit = 4L * MIB;
    start(8 * MIB, new UploadSlots(4, Duration.ofSeconds(1)), new TransferLimiter(0, limit, 0));
    long start = System.nanoTime();
    DownloadResult result = download(DownloadListener.NONE);
    double seconds = (System.nanoTime() - start) / 1e9;

    assertArrayEquals(content, Files.readAllBytes(result.finalPath()));
    // Faster than the limit would break it; slower is the machine (bench/run.sh checks the 10%).
    double floor = 0.9 * (content.length - limit / 10.0) / limit;
    assertTrue(seconds >= floor, "took " + seconds + " s, the limit allows no less than " + floor);
  }

  @Test
  void aFileTouchedWhileSentEndsTheStreamAndTheDownloadResumes() throws Exception {
    start(8 * MIB, new UploadSlots(4, Duration.ofSeconds(1)), new TransferLimiter(0, 8L * MIB, 0));
    AtomicBoolean touched = new AtomicBoolean();
    DownloadListener touching =
        new DownloadListener() {
          @Override
          public void started(String name, long size, long resumedFrom) {}

          @Override
          public void progress(long received, long size) {
            if (received < size && touched.compareAndSet(false, true)) {
              touch();
            }
          }
        };

    DownloadResult result = download(touching);

    assertTrue(touched.get());
    assertArrayEquals(content, Files.readAllBytes(result.finalPath()));
    assertEquals(2, requests.size(), "asked again once: " + requests);
    assertEquals(0, requests.getFirst().getOffset());
    long resumedAt = requests.getLast().getOffset();
    assertTrue(resumedAt > 0 && resumedAt < content.length, "resumed at " + resumedAt);
  }

  private void start(int size, UploadSlots slots, TransferLimiter limiter) throws IOException {
    OneFileShare share = OneFileShare.create(temp, size);
    content = share.content();
    file = share.file();
    files = new FileServer(share.index(), PeerLimits.DEFAULTS, slots, limiter);
    PeerGrpc.PeerImplBase peer =
        new PeerGrpc.PeerImplBase() {
          @Override
          public void download(
              DownloadRequest request, StreamObserver<DownloadResponse> responses) {
            requests.add(request);
            files.serve(request, responses);
          }
        };
    server =
        Transport.plaintext()
            .startServer("127.0.0.1", 0, executor, List.of(peer.bindService()), List.of());
    channel = Transport.plaintext().channel("127.0.0.1", server.getPort(), id -> {});
  }

  private DownloadResult download(DownloadListener listener) {
    return new Downloader(temp.resolve("partial"))
        .download(channel, "node", ID, ExpectedFile.UNKNOWN, temp.resolve("downloads"), listener);
  }

  private void touch() {
    try {
      Files.setLastModifiedTime(
          file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5_000));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitRequests(int count) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (requests.size() < count) {
      if (System.nanoTime() > end) {
        throw new AssertionError("expected " + count + " requests within 20 s: " + requests);
      }
      Thread.sleep(20);
    }
  }

  /** A download that takes the header and then nothing, holding its upload slot. */
  private final class Holder {
    final ClientCall<DownloadRequest, DownloadResponse> call =
        channel.newCall(PeerGrpc.getDownloadMethod(), CallOptions.DEFAULT);
    final CompletableFuture<Boolean> header = new CompletableFuture<>();
    final CompletableFuture<Status> closed = new CompletableFuture<>();

    Holder() {
      call.start(
          new ClientCall.Listener<>() {
            @Override
            public void onMessage(DownloadResponse message) {
              header.complete(message.hasHeader());
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
              header.complete(false);
              closed.complete(status);
            }
          },
          new Metadata());
      call.sendMessage(DownloadRequest.newBuilder().setFileId(ID).build());
      call.halfClose();
      call.request(1);
    }
  }
}
