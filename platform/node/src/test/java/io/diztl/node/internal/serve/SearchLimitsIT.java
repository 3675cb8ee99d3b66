package io.diztl.node.internal.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.FileType;
import io.diztl.api.SearchQuery;
import io.diztl.index.IndexedFile;
import io.diztl.index.ShareIndex;
import io.diztl.node.internal.PeerGrpcService;
import io.diztl.node.internal.SpoofedCaller;
import io.diztl.node.internal.search.SearchMapping;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.DownloadRequest;
import io.diztl.proto.v1.DownloadResponse;
import io.diztl.proto.v1.PeerGrpc;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.SearchResponse;
import io.grpc.Channel;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Searches over real TCP against an index whose searches run until they are released or their
 * caller goes: each gets the caller's deadline as its time limit, stops when the caller cancels,
 * and runs on threads of its own, so a flood of them is refused beyond its bounds while other peers
 * search and download.
 */
class SearchLimitsIT {

  private static final String ID = "0123456789abcdef01234567";

  @TempDir Path temp;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final BlockingQueue<Duration> limits = new LinkedBlockingQueue<>();
  private final List<BooleanSupplier> running = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private PeerGrpcService service;
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    ShareIndex index = mock(ShareIndex.class);
    when(index.search(any(), any(), any()))
        .thenAnswer(
            call -> {
              BooleanSupplier cancelled = call.getArgument(2, BooleanSupplier.class);
              synchronized (running) {
                running.add(cancelled);
              }
              limits.add(call.getArgument(1, Duration.class));
              while (!release.await(10, TimeUnit.MILLISECONDS)) {
                if (cancelled.getAsBoolean()) {
                  throw new DiztlException(ErrorKind.CANCELLED, "the search was cancelled");
                }
              }
              return List.of();
            });
    Path file = Files.writeString(Files.createDirectories(temp.resolve("share")).resolve("a"), "a");
    IndexedFile indexed = new IndexedFile(ID, "a", "a", "", FileType.OTHER, 1, 0, "", 0);
    when(index.get(ID)).thenReturn(Optional.of(indexed));
    when(index.shareDir()).thenReturn(file.getParent());
    when(index.sha256(indexed))
        .thenReturn("ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb");
    PeerLimits bounds =
        new PeerLimits(4, 64, Duration.ofSeconds(60), 2, 1, 2, Duration.ofSeconds(10));
    service =
        new PeerGrpcService(
            index, new FileServer(index, bounds), ServingLimitsIT.noPreviews(index), bounds);
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
    release.countDown();
    Transport.close(channel);
    Transport.close(server);
    service.close();
    executor.close();
  }

  @Test
  void theTimeLimitIsWhatIsLeftOfTheCallersDeadlineAndAtMostTheCap() throws Exception {
    release.countDown();
    // Connected first: the deadline is to measure the call, not a connection on a busy machine.
    connect(channel);
    // 6 s: below the cap of 10 s, with room for a slow machine between the call and the handler.
    PeerGrpc.newBlockingStub(channel).withDeadlineAfter(6, TimeUnit.SECONDS).search(request());
    Duration withDeadline = limits.poll(10, TimeUnit.SECONDS);
    assertTrue(
        withDeadline.compareTo(Duration.ofSeconds(2)) > 0
            && withDeadline.compareTo(Duration.ofSeconds(6)) <= 0,
        "" + withDeadline);

    PeerGrpc.newBlockingStub(channel).search(request());
    Duration capped = limits.poll(10, TimeUnit.SECONDS);
    assertTrue(
        capped.compareTo(Duration.ofSeconds(9)) > 0
            && capped.compareTo(Duration.ofSeconds(10)) <= 0,
        "" + capped);
  }

  @Test
  void aSearchStopsWhenItsCallerGoes() throws Exception {
    CompletableFuture<Status> ended = search(channel);
    limits.poll(10, TimeUnit.SECONDS);
    BooleanSupplier cancelled;
    synchronized (running) {
      cancelled = running.getFirst();
    }
    assertFalse(cancelled.getAsBoolean());

    channel.shutdownNow();

    assertEquals(Status.Code.UNAVAILABLE, ended.get(10, TimeUnit.SECONDS).getCode());
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!cancelled.getAsBoolean() && System.nanoTime() < end) {
      Thread.sleep(10);
    }
    assertTrue(cancelled.getAsBoolean(), "the index is told the caller went");
  }

  @Test
  void searchesPastTheirBoundsAreRefusedWhileOtherPeersAndDownloadsAreServed() throws Exception {
    Channel alice = SpoofedCaller.from(channel, "192.0.2.1");
    Channel bob = SpoofedCaller.from(channel, "192.0.2.2");
    Channel carol = SpoofedCaller.from(channel, "192.0.2.3");
    List<CompletableFuture<Status>> calls = new ArrayList<>();
    calls.add(search(alice));
    limits.poll(10, TimeUnit.SECONDS);
    calls.add(search(alice));
    awaitAdmitted(2);

    Status perPeer = search(alice).get(10, TimeUnit.SECONDS);
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, perPeer.getCode());
    assertEquals(
        "this node serves at most 2 searches at once to one peer, and 192.0.2.1 has 2;"
            + " try again when one ends",
        perPeer.getDescription());

    calls.add(search(bob));
    awaitAdmitted(3);
    Status total = search(carol).get(10, TimeUnit.SECONDS);
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, total.getCode());
    assertEquals(
        "this node serves at most 3 searches at once to all peers together; try again later",
        total.getDescription());

    Iterator<DownloadResponse> download =
        PeerGrpc.newBlockingStub(carol)
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .download(DownloadRequest.newBuilder().setFileId(ID).build());
    assertTrue(download.next().hasHeader());
    assertEquals("a", download.next().getData().toStringUtf8());

    release.countDown();
    for (CompletableFuture<Status> call : calls) {
      assertEquals(Status.Code.OK, call.get(10, TimeUnit.SECONDS).getCode());
    }
  }

  /**
   * Waits until the service holds {@code searches} admitted searches: calls arrive in any order.
   */
  private void awaitAdmitted(int searches) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (service.searchesAdmitted() < searches && System.nanoTime() < end) {
      Thread.sleep(5);
    }
    assertEquals(searches, service.searchesAdmitted(), "searches admitted");
  }

  private static SearchRequest request() {
    return SearchMapping.toRequest(
        new SearchQuery("x", Optional.empty(), 0, 0, Optional.empty(), 10));
  }

  /** Starts a search; its status once it ends. */
  private static CompletableFuture<Status> search(Channel channel) {
    CompletableFuture<Status> ended = new CompletableFuture<>();
    PeerGrpc.newStub(channel)
        .withDeadlineAfter(20, TimeUnit.SECONDS)
        .search(
            request(),
            new StreamObserver<SearchResponse>() {
              @Override
              public void onNext(SearchResponse value) {}

              @Override
              public void onError(Throwable t) {
                ended.complete(Status.fromThrowable(t));
              }

              @Override
              public void onCompleted() {
                ended.complete(Status.OK);
              }
            });
    return ended;
  }

  /** Waits until {@code channel} is connected. */
  private static void connect(ManagedChannel channel) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    ConnectivityState state;
    while ((state = channel.getState(true)) != ConnectivityState.READY) {
      assertTrue(System.nanoTime() < end, "not connected within 30 s: " + state);
      CountDownLatch changed = new CountDownLatch(1);
      channel.notifyWhenStateChanged(state, changed::countDown);
      changed.await(1, TimeUnit.SECONDS);
    }
  }
}
