package io.diztl.node.internal.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.when;

import io.diztl.index.ShareIndex;
import io.diztl.node.internal.DownloadListener;
import io.diztl.node.internal.OneFileShare;
import io.diztl.node.internal.PeerGrpcService;
import io.diztl.node.internal.SpoofedCaller;
import io.diztl.node.internal.fetch.DownloadResult;
import io.diztl.node.internal.fetch.Downloader;
import io.diztl.node.internal.transfer.ExpectedFile;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.DownloadRequest;
import io.diztl.proto.v1.DownloadResponse;
import io.diztl.proto.v1.PeerGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer service over real TCP under a client that opens many downloads and reads none of them:
 * that client gets its per-peer share and no more, its stalled downloads are stopped with their
 * files closed, and another client downloads all the while.
 */
class ServingLimitsIT {

  private static final String ID = OneFileShare.ID;
  private static final int MIB = 1024 * 1024;

  @TempDir Path temp;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private byte[] content;
  private FileServer files;
  private PeerGrpcService service;
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    // Larger than the flow-control windows, so that a receiver that reads nothing stalls it.
    OneFileShare share = OneFileShare.create(temp, 40 * MIB);
    content = share.content();
    ShareIndex index = share.index();
    PeerLimits limits =
        new PeerLimits(4, 64, Duration.ofSeconds(1), 16, 2, 30, Duration.ofSeconds(10));
    files = new FileServer(index, limits);
    service = new PeerGrpcService(index, files, noPreviews(index), limits);
    server =
        Transport.plaintext()
            .startServer(
                "127.0.0.1",
                0,
                executor,
                List.of(ServerInterceptors.intercept(service.bindService(), new SpoofedCaller())),
                List.of());
    channel = Transport.plaintext().channel("127.0.0.1", server.getPort(), id -> {});
  }

  @AfterEach
  void stop() {
    Transport.close(channel);
    Transport.close(server);
    service.close();
    executor.close();
  }

  @Test
  void aClientThatReadsNothingGetsItsShareWhileAnotherDownloads() throws Exception {
    List<Idle> idle = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      idle.add(new Idle(channel));
    }
    List<Idle> refused = new ArrayList<>();
    for (Idle call : idle) {
      Status status = call.closed.getNow(null);
      if (status == null) {
        status = call.closed.completeOnTimeout(null, 500, TimeUnit.MILLISECONDS).get();
      }
      if (status != null) {
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, status.getCode(), status.toString());
        assertEquals(
            "this node serves at most 4 downloads at once to one peer, and 127.0.0.1 has 4;"
                + " try again when one ends",
            status.getDescription());
        refused.add(call);
      }
    }
    assertEquals(16, refused.size());
    assertTrue(files.sending() <= 4, "files open: " + files.sending());

    Channel other = SpoofedCaller.from(channel, "192.0.2.7");
    Downloader downloader = new Downloader(temp.resolve("partial"));
    DownloadResult result =
        downloader.download(
            other, "node", ID, ExpectedFile.UNKNOWN, temp.resolve("b"), DownloadListener.NONE);
    assertArrayEquals(content, Files.readAllBytes(result.finalPath()));

    await("the stalled downloads stopped", () -> files.sending() == 0);
    // Their last chunks wait on the wire until the client takes or cancels them: still its share.
    assertEquals(
        Status.Code.RESOURCE_EXHAUSTED,
        new Idle(channel).closed.get(10, TimeUnit.SECONDS).getCode());

    idle.forEach(call -> call.call.cancel("the test is done with it", null));
    await(
        "a download accepted again",
        () -> {
          Idle again = new Idle(channel);
          again.call.request(1);
          boolean accepted = again.header.completeOnTimeout(false, 1, TimeUnit.SECONDS).join();
          again.call.cancel("seen", null);
          return accepted;
        });
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("expected " + what + " within 20 s");
      }
      Thread.sleep(50);
    }
  }

  /** A download that asks for the file and never takes a message unless told to. */
  private static final class Idle {
    final ClientCall<DownloadRequest, DownloadResponse> call;
    final CompletableFuture<Status> closed = new CompletableFuture<>();
    final CompletableFuture<Boolean> header = new CompletableFuture<>();

    Idle(Channel channel) {
      call = channel.newCall(PeerGrpc.getDownloadMethod(), CallOptions.DEFAULT);
      call.start(
          new ClientCall.Listener<>() {
            @Override
            public void onMessage(DownloadResponse message) {
              header.complete(message.hasHeader());
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
              closed.complete(status);
            }
          },
          new Metadata());
      call.sendMessage(DownloadRequest.newBuilder().setFileId(ID).build());
      call.halfClose();
    }
  }

  /** A preview server that makes none, for tests of other calls. */
  static PreviewServer noPreviews(ShareIndex index) {
    return new PreviewServer(index, (sample, limits) -> Optional.empty(), Path.of("previews"));
  }
}
