package io.diztl.node.internal.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.google.protobuf.ByteString;
import io.diztl.api.FileType;
import io.diztl.index.IndexedFile;
import io.diztl.index.ShareIndex;
import io.diztl.node.internal.PeerGrpcService;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.DownloadRequest;
import io.diztl.proto.v1.DownloadResponse;
import io.diztl.proto.v1.PeerGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads over real TCP while another process keeps swapping a folder of the share for a symbolic
 * link to a folder outside it: no download ever carries a byte of the outside file.
 */
class ConfinementRaceIT {

  private static final String ID = "0123456789abcdef01234567";
  private static final int DOWNLOADS = 600;
  private static final int AT_ONCE = 4;
  private static final int SIZE = 4096;

  @TempDir Path temp;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private Path share;
  private Server server;
  private ManagedChannel channel;
  private FileServer files;

  @BeforeEach
  void start() throws IOException {
    share = Files.createDirectories(temp.resolve("share"));
    Path outside = Files.createDirectories(temp.resolve("outside"));
    Files.createDirectories(share.resolve("dir"));
    Files.write(share.resolve("dir/file.bin"), filled((byte) 'i'));
    Files.write(outside.resolve("file.bin"), filled((byte) 'X'));
    ShareIndex index = mock(ShareIndex.class);
    IndexedFile indexed =
        new IndexedFile(ID, "dir/file.bin", "file.bin", "bin", FileType.OTHER, SIZE, 0, "", 0);
    when(index.get(ID)).thenReturn(Optional.of(indexed));
    when(index.shareDir()).thenReturn(share);
    when(index.sha256(indexed)).thenReturn("ab".repeat(32));
    PeerLimits limits =
        new PeerLimits(AT_ONCE, 64, Duration.ofSeconds(10), 16, 2, 30, Duration.ofSeconds(10));
    files = new FileServer(index, limits);
    PeerGrpcService service =
        new PeerGrpcService(index, files, ServingLimitsIT.noPreviews(index), limits);
    server =
        Transport.plaintext()
            .startServer("127.0.0.1", 0, executor, List.of(service.bindService()), List.of());
    channel = Transport.plaintext().channel("127.0.0.1", server.getPort(), id -> {});
  }

  @AfterEach
  void stop() {
    Transport.close(channel);
    Transport.close(server);
    files.close();
    executor.close();
  }

  @Test
  void aParentFolderSwappedForALinkWhileDownloadsRunNeverLeaksOutsideBytes() throws Exception {
    AtomicBoolean swapping = new AtomicBoolean(true);
    AtomicInteger swaps = new AtomicInteger();
    Future<?> swapper = executor.submit(() -> swapLoop(swapping, swaps));
    Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    LongAdder leaks = new LongAdder();
    try {
      List<Future<?>> clients = new ArrayList<>();
      for (int c = 0; c < AT_ONCE; c++) {
        clients.add(
            executor.submit(
                () -> {
                  for (int i = 0; i < DOWNLOADS / AT_ONCE; i++) {
                    outcomes.computeIfAbsent(downloadOnce(leaks), k -> new LongAdder()).increment();
                  }
                  return null;
                }));
      }
      for (Future<?> client : clients) {
        client.get();
      }
    } finally {
      swapping.set(false);
      swapper.get();
    }
    assertEquals(0, leaks.sum(), "downloads that carried outside bytes; outcomes " + outcomes);
    assertTrue(swaps.get() > 100, "the folder was swapped only " + swaps.get() + " times");
    // The race was really run: some downloads met the link, others the real folder.
    assertTrue(outcomes.containsKey("OK"), "no download succeeded: " + outcomes);
    assertTrue(outcomes.size() > 1, "no download met the swapped folder: " + outcomes);
  }

  /** One download: its outcome (OK or the status code), counting a leak when outside bytes come. */
  private String downloadOnce(LongAdder leaks) {
    try {
      Iterator<DownloadResponse> responses =
          PeerGrpc.newBlockingStub(channel)
              .download(DownloadRequest.newBuilder().setFileId(ID).build());
      responses.next();
      while (responses.hasNext()) {
        ByteString data = responses.next().getData();
        if (data.toStringUtf8().indexOf('X') >= 0) {
          leaks.increment();
        }
      }
      return "OK";
    } catch (StatusRuntimeException e) {
      return Status.fromThrowable(e).getCode().name();
    }
  }

  /**
   * Swaps {@code share/dir} for a link to the outside folder and back again until told to stop,
   * with atomic renames only, the way a local attacker who may write in the share would.
   */
  private Void swapLoop(AtomicBoolean swapping, AtomicInteger swaps) throws IOException {
    Path dir = share.resolve("dir");
    Path parked = share.resolve(".parked");
    Path link = Files.createSymbolicLink(share.resolve(".link"), temp.resolve("outside"));
    while (swapping.get()) {
      Files.move(dir, parked, StandardCopyOption.ATOMIC_MOVE);
      Files.move(link, dir, StandardCopyOption.ATOMIC_MOVE);
      Thread.onSpinWait();
      Files.move(dir, link, StandardCopyOption.ATOMIC_MOVE);
      Files.move(parked, dir, StandardCopyOption.ATOMIC_MOVE);
      swaps.incrementAndGet();
    }
    return null;
  }

  private static byte[] filled(byte value) {
    byte[] bytes = new byte[SIZE];
    Arrays.fill(bytes, value);
    return bytes;
  }
}
