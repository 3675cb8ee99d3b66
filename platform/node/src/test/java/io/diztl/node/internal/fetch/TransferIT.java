package io.diztl.node.internal.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.diztl.api.DiztlException;
import io.diztl.api.FileType;
import io.diztl.index.IndexedFile;
import io.diztl.index.MerkleHasher;
import io.diztl.index.ShareIndex;
import io.diztl.node.internal.DownloadListener;
import io.diztl.node.internal.fetch.TransferPartial.Expected;
import io.diztl.node.internal.serve.FileServer;
import io.diztl.node.internal.transfer.ExpectedFile;
import io.diztl.proto.Identity;
import io.diztl.proto.PeerPin;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.DownloadRequest;
import io.diztl.proto.v1.DownloadResponse;
import io.diztl.proto.v1.PeerGrpc;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads over real TCP on 127.0.0.1 between a {@link FileServer} and a {@link Downloader}. */
class TransferIT {

  private static final String NODE = "node-1";
  private static final int MIB = 1024 * 1024;

  @TempDir Path temp;
  private Path share;
  private Path partials;
  private Path target;
  private ShareIndex index;
  private final List<DownloadRequest> requests = new CopyOnWriteArrayList<>();
  private ExecutorService executor;
  private FileServer files;
  private Server server;
  private ManagedChannel channel;
  private Downloader downloader;
  private int nextId;

  @BeforeEach
  void setUp() throws IOException {
    share = Files.createDirectories(temp.resolve("share"));
    partials = temp.resolve("data/partial");
    target = temp.resolve("downloads");
    index = mock(ShareIndex.class);
    when(index.shareDir()).thenReturn(share);
    executor = Executors.newVirtualThreadPerTaskExecutor();
    files = new FileServer(index);
    startPeer();
    downloader = new Downloader(partials);
  }

  @AfterEach
  void tearDown() {
    Transport.close(channel);
    Transport.close(server);
    files.close();
    executor.close();
  }

  @Test
  void downloadsAndVerifiesAWholeFile() throws IOException {
    byte[] content = random(5 * MIB + 123);
    String id = share("videos/clip.mp4", content);
    Recorder recorder = new Recorder();

    DownloadResult result =
        downloader.download(channel, NODE, id, ExpectedFile.UNKNOWN, target, recorder);

    assertEquals(target.resolve("clip.mp4"), result.finalPath());
    assertArrayEquals(content, Files.readAllBytes(result.finalPath()));
    assertEquals(sha256(content), result.sha256());
    assertEquals(content.length, result.size());
    assertEquals(List.of("clip.mp4 " + content.length + " 0"), recorder.started);
    assertEquals((long) content.length, recorder.progress.getLast());
    for (int i = 1; i < recorder.progress.size(); i++) {
      assertTrue(recorder.progress.get(i - 1) < recorder.progress.get(i), "progress grows");
    }
    assertEquals(List.of((long) content.length), recorder.sizes.stream().distinct().toList());
    assertEquals(0, requests.getFirst().getOffset());
    assertEquals(TransferReceiver.CHUNK_BYTES, requests.getFirst().getChunkSize());
    assertEquals(List.of(), list(partials), "no partial or sidecar left");
  }

  @Test
  void downloadsAnEmptyFile() throws IOException {
    String id = share("empty.txt", new byte[0]);
    DownloadResult result =
        downloader.download(channel, NODE, id, ExpectedFile.UNKNOWN, target, DownloadListener.NONE);
    assertEquals(0, Files.size(result.finalPath()));
    assertEquals(sha256(new byte[0]), result.sha256());
  }

  @Test
  void neverOverwritesAnExistingFile() throws IOException {
    byte[] content = random(200_000);
    String id = share("movie.mkv", content);
    Files.createDirectories(target);
    Files.writeString(target.resolve("movie.mkv"), "mine");

    DownloadResult first =
        downloader.download(channel, NODE, id, ExpectedFile.UNKNOWN, target, DownloadListener.NONE);
    DownloadResult second =
        downloader.download(channel, NODE, id, ExpectedFile.UNKNOWN, target, DownloadListener.NONE);

    assertEquals(target.resolve("movie (1).mkv"), first.finalPath());
    assertEquals(target.resolve("movie (2).mkv"), second.finalPath());
    assertEquals("mine", Files.readString(target.resolve("movie.mkv")));
    assertArrayEquals(content, Files.readAllBytes(second.finalPath()));
  }

  @Test
  void resumesAPartialDownload() throws IOException {
    byte[] content = random(3 * MIB + 7);
    String id = share("data.bin", content);
    int kept = 1_234_567;
    TransferPartial partial = partial(id);
    Files.createDirectories(partials);
    Files.write(partial.part(), Arrays.copyOf(content, kept));
    partial.writeSidecar(new Expected(content.length, sha256(content)));
    Recorder recorder = new Recorder();

    DownloadResult result =
        downloader.download(channel, NODE, id, ExpectedFile.UNKNOWN, target, recorder);

    assertEquals(List.of((long) kept), requests.stream().map(DownloadRequest::getOffset).toList());
    assertEquals(List.of("data.bin " + content.length + " " + kept), recorder.started);
    assertArrayEquals(content, Files.readAllBytes(result.finalPath()));
    assertFalse(Files.exists(partial.part()));
    assertFalse(Files.exists(partial.meta()));
  }

  @Test
  void restartsWhenTheFileChangedSinceThePartial() throws IOException {
    byte[] content = random(2 * MIB);
    String id = share("data.bin", content);
    TransferPartial partial = partial(id);
    Files.createDirectories(partials);
    Files.write(partial.part(), Arrays.copyOf(content, 1000));
    partial.writeSidecar(new Expected(content.length, sha256(random(10))));

    DownloadResult result =
        downloader.download(channel, NODE, id, ExpectedFile.UNKNOWN, target, DownloadListener.NONE);

    assertEquals(List.of(1000L, 0L), requests.stream().map(DownloadRequest::getOffset).toList());
    assertArrayEquals(content, Files.readAllBytes(result.finalPath()));
  }

  @Test
  void corruptedPartialFailsVerificationAndIsDeleted() throws IOException {
    byte[] content = random(2 * MIB);
    String id = share("data.bin", content);
    TransferPartial partial = partial(id);
    Files.createDirectories(partials);
    byte[] wrong = Arrays.copyOf(content, 5000);
    wrong[4321] ^= 1;
    Files.write(partial.part(), wrong);
    partial.writeSidecar(new Expected(content.length, sha256(content)));

    DiztlException e =
        assertThrows(
            DiztlException.class,
            () ->
                downloader.download(
                    channel, NODE, id, ExpectedFile.UNKNOWN, target, DownloadListener.NONE));

    assertTrue(
        e.getMessage()
            .startsWith(
                "downloaded file data.bin failed verification: expected sha256 "
                    + sha256(content)
                    + ", got "),
        e.getMessage());
    assertFalse(Files.exists(partial.part()));
    assertFalse(Files.exists(partial.meta()));
    assertFalse(Files.exists(target.resolve("data.bin")));
  }

  @Test
  void unknownFileIsRefusedAndItsStalePartialDeleted() throws IOException {
    String id = "00000000000000000000dead";
    TransferPartial partial = partial(id);
    Files.createDirectories(partials);
    Files.write(partial.part(), new byte[10]);
    partial.writeSidecar(new Expected(100, sha256(new byte[100])));

    DiztlException e =
        assertThrows(
            DiztlException.class,
            () ->
                downloader.download(
                    channel, NODE, id, ExpectedFile.UNKNOWN, target, DownloadListener.NONE));

    assertEquals(
        "peer refused: no file with id " + id + " is shared here (NOT_FOUND)", e.getMessage());
    assertFalse(Files.exists(partial.part()));
    assertFalse(Files.exists(partial.meta()));
  }

  @Test
  void peerKilledMidTransferKeepsThePartialForResume() throws Exception {
    // Larger than the flow-control window, so the peer cannot have sent it all when it dies.
    byte[] content = random(40 * MIB);
    String id = share("big.iso", content);
    CountDownLatch receiving = new CountDownLatch(1);
    CountDownLatch peerDead = new CountDownLatch(1);
    DownloadListener stalling =
        new DownloadListener() {
          @Override
          public void started(String name, long size, long resumedFrom) {}

          @Override
          public void progress(long received, long size) {
            receiving.countDown();
            await(peerDead);
          }
        };
    Future<DownloadResult> download =
        executor.submit(
            () -> downloader.download(channel, NODE, id, ExpectedFile.UNKNOWN, target, stalling));
    assertTrue(receiving.await(20, TimeUnit.SECONDS));

    DiztlException busy =
        assertThrows(
            DiztlException.class,
            () ->
                downloader.download(
                    channel, NODE, id, ExpectedFile.UNKNOWN, target, DownloadListener.NONE));
    assertEquals("already downloading file " + id + " from node " + NODE, busy.getMessage());

    server.shutdownNow();
    assertTrue(server.awaitTermination(10, TimeUnit.SECONDS));
    peerDead.countDown();
    ExecutionException failed =
        assertThrows(ExecutionException.class, () -> download.get(20, TimeUnit.SECONDS));
    DiztlException broken = assertInstanceOf(DiztlException.class, failed.getCause());
    assertTrue(
        broken.getMessage().startsWith("download of file " + id + " from node node-1 broke off: "),
        broken.getMessage());
    assertTrue(broken.getMessage().endsWith(" bytes kept to resume"), broken.getMessage());

    TransferPartial partial = partial(id);
    long kept = Files.size(partial.part());
    assertTrue(kept > 0 && kept < content.length, "kept " + kept);
    assertTrue(Files.exists(partial.meta()));
    assertFalse(Files.exists(target.resolve("big.iso")));

    Transport.close(channel);
    startPeer();
    requests.clear();
    DownloadResult result =
        downloader.download(channel, NODE, id, ExpectedFile.UNKNOWN, target, DownloadListener.NONE);
    assertEquals(List.of(kept), requests.stream().map(DownloadRequest::getOffset).toList());
    assertArrayEquals(content, Files.readAllBytes(result.finalPath()));
  }

  @Test
  void cancellingTheCallersContextStopsTheDownload() throws IOException {
    byte[] content = random(8 * MIB);
    String id = share("data.bin", content);
    Context.CancellableContext context = Context.current().withCancellation();
    DownloadListener cancelling =
        new DownloadListener() {
          @Override
          public void started(String name, long size, long resumedFrom) {}

          @Override
          public void progress(long received, long size) {
            context.cancel(null);
          }
        };

    DiztlException e =
        assertThrows(
            DiztlException.class,
            () ->
                context.call(
                    () ->
                        downloader.download(
                            channel, NODE, id, ExpectedFile.UNKNOWN, target, cancelling)));

    assertTrue(e.getMessage().contains(" was cancelled: "), e.getMessage());
    assertTrue(e.getMessage().endsWith(" bytes kept to resume"), e.getMessage());
    assertTrue(Files.size(partial(id).part()) < content.length);
    assertFalse(Files.exists(target.resolve("data.bin")));
  }

  private void startPeer() {
    PeerGrpc.PeerImplBase peer =
        new PeerGrpc.PeerImplBase() {
          @Override
          public void download(
              DownloadRequest request, StreamObserver<DownloadResponse> responses) {
            requests.add(request);
            files.serve(request, responses);
          }
        };
    Identity identity = Identity.generate();
    server =
        Transport.tls(identity)
            .startServer("127.0.0.1", 0, executor, List.of(peer.bindService()), List.of());
    channel =
        Transport.tls(Identity.generate())
            .channel("127.0.0.1", server.getPort(), PeerPin.of(identity.id()));
  }

  private String share(String relative, byte[] content) throws IOException {
    Path file = share.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.write(file, content);
    String id = "%024x".formatted(++nextId);
    String name = file.getFileName().toString();
    IndexedFile indexed =
        new IndexedFile(id, relative, name, "", FileType.OTHER, content.length, 0, "", 0);
    when(index.get(id)).thenReturn(Optional.of(indexed));
    when(index.sha256(indexed)).thenReturn(sha256(content));
    return id;
  }

  private TransferPartial partial(String id) {
    return new TransferPartial(partials, NODE + "-" + id);
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  /** The content identity of {@code content}. */
  private static String sha256(byte[] content) {
    MerkleHasher hasher = new MerkleHasher(content.length);
    hasher.update(ByteBuffer.wrap(content));
    return hasher.finish().rootHex();
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(20, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Records what a listener hears. */
  private static final class Recorder implements DownloadListener {
    final List<String> started = new CopyOnWriteArrayList<>();
    final List<Long> progress = new CopyOnWriteArrayList<>();
    final List<Long> sizes = new CopyOnWriteArrayList<>();

    @Override
    public void started(String name, long size, long resumedFrom) {
      started.add(name + " " + size + " " + resumedFrom);
    }

    @Override
    public void progress(long received, long size) {
      progress.add(received);
      sizes.add(size);
    }
  }
}
