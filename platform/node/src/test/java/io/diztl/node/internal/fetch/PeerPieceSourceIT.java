package io.diztl.node.internal.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.node.FileRef;
import io.diztl.node.internal.OneFileShare;
import io.diztl.node.internal.piece.PieceSource;
import io.diztl.node.internal.serve.FileServer;
import io.diztl.node.internal.serve.PeerLimits;
import io.diztl.node.internal.transfer.limit.DownloadThrottle;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.PeerGrpc;
import io.grpc.ForwardingServerCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@link PeerPieceSource} against a real {@link FileServer} over TCP on 127.0.0.1: many ranges
 * on one call, a new call after one stopped early, and a call per range from a node that has no
 * ranges call.
 */
class PeerPieceSourceIT {

  private static final String ID = OneFileShare.ID;
  private static final String NODE = "a".repeat(27);
  private static final int SIZE = 2 * 1024 * 1024;
  private static final int PART = 64 * 1024;

  @TempDir Path temp;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, AtomicInteger> started = new ConcurrentHashMap<>();
  private final AtomicInteger ended = new AtomicInteger();
  private byte[] content;
  private String root;
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
  void manyRangesGoOverOneCallThatEndsWithTheSource() throws Exception {
    start(true);
    PeerPieceSource source = source();
    for (int offset = 0; offset < SIZE; offset += PART) {
      assertArrayEquals(slice(offset, PART), fetch(source, offset, PART));
    }
    assertEquals(1, calls("DownloadRanges"), "one call for " + SIZE / PART + " ranges");
    assertEquals(0, calls("Download"));

    source.close();
    awaitEnded(1);
  }

  @Test
  void rangesAskedAheadComeOnTheSameCallInTheOrderAsked() throws Exception {
    start(true);
    PeerPieceSource source = source();
    source.askAhead(0, PART);
    source.askAhead(PART, PART);
    assertArrayEquals(slice(0, PART), fetch(source, 0, PART));
    source.askAhead(2 * PART, PART);
    assertArrayEquals(slice(PART, PART), fetch(source, PART, PART));
    assertArrayEquals(slice(2 * PART, PART), fetch(source, 2 * PART, PART));
    assertArrayEquals(slice(3 * PART, PART), fetch(source, 3 * PART, PART));
    assertEquals(1, calls("DownloadRanges"));
    source.close();
  }

  @Test
  void aRangeAskedAheadButNotFetchedIsDroppedWithItsCall() throws Exception {
    start(true);
    PeerPieceSource source = source();
    source.askAhead(0, PART);
    source.askAhead(PART, PART);
    assertArrayEquals(slice(0, PART), fetch(source, 0, PART));
    assertArrayEquals(slice(5 * PART, PART), fetch(source, 5 * PART, PART));
    awaitEnded(1);
    assertEquals(2, calls("DownloadRanges"), "the call with the range not wanted ended");
    source.close();
  }

  @Test
  void aRangeStoppedEarlyEndsItsCallAndTheNextGoesOnAnother() throws Exception {
    start(true);
    PeerPieceSource source = source();
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    source.fetch(
        0,
        SIZE,
        chunk -> {
          Channels.newChannel(first).write(chunk);
          return false;
        });
    assertTrue(first.size() > 0 && first.size() < SIZE, "stopped after " + first.size());
    awaitEnded(1);

    assertArrayEquals(slice(SIZE - PART, PART), fetch(source, SIZE - PART, PART));
    assertEquals(2, calls("DownloadRanges"));
    source.close();
  }

  @Test
  void aNodeWithoutRangesIsAskedACallPerRange() throws Exception {
    start(false);
    PeerPieceSource source = source();
    for (int offset = 0; offset < 4 * PART; offset += PART) {
      assertArrayEquals(slice(offset, PART), fetch(source, offset, PART));
    }
    assertEquals(4, calls("Download"), "refused a ranges call once, then a call per range");
  }

  @Test
  void aRangeOfOtherContentFails() throws Exception {
    start(true);
    PeerPieceSource source =
        new PeerPieceSource(
            channel,
            new FileRef(NODE, ID),
            "ab".repeat(32),
            Duration.ofSeconds(20),
            DownloadThrottle.NONE);
    IOException e = assertThrows(IOException.class, () -> fetch(source, 0, PART));
    assertTrue(e.getMessage().contains("announced other content"), e.getMessage());
    awaitEnded(1);
  }

  private PeerPieceSource source() {
    return new PeerPieceSource(
        channel, new FileRef(NODE, ID), root, Duration.ofSeconds(20), DownloadThrottle.NONE);
  }

  private static byte[] fetch(PieceSource source, long offset, int length) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    source.fetch(
        offset,
        length,
        chunk -> {
          Channels.newChannel(out).write(chunk);
          return true;
        });
    return out.toByteArray();
  }

  private byte[] slice(int offset, int length) {
    return Arrays.copyOfRange(content, offset, offset + length);
  }

  private int calls(String method) {
    return started.getOrDefault(PeerGrpc.SERVICE_NAME + "/" + method, new AtomicInteger()).get();
  }

  private void awaitEnded(int count) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (ended.get() < count) {
      if (System.nanoTime() > end) {
        throw new AssertionError(ended.get() + " calls ended within 20 s, expected " + count);
      }
      Thread.sleep(10);
    }
  }

  /** Serves one file, with the ranges call or without it, counting calls as they start and end. */
  private void start(boolean ranges) throws IOException {
    OneFileShare share = OneFileShare.create(temp, SIZE);
    content = share.content();
    root = share.root();
    files = new FileServer(share.index(), PeerLimits.DEFAULTS);
    List<ServerMethodDefinition<?, ?>> methods =
        ranges
            ? List.of(files.downloadMethod(), files.downloadRangesMethod())
            : List.of(files.downloadMethod());
    ServerServiceDefinition.Builder service =
        ServerServiceDefinition.builder(PeerGrpc.SERVICE_NAME);
    methods.forEach(service::addMethod);
    server =
        Transport.plaintext()
            .startServer(
                "127.0.0.1",
                0,
                executor,
                List.of(ServerInterceptors.intercept(service.build(), counting())),
                List.of());
    channel = Transport.plaintext().channel("127.0.0.1", server.getPort(), id -> {});
  }

  private ServerInterceptor counting() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        started
            .computeIfAbsent(
                call.getMethodDescriptor().getFullMethodName(), m -> new AtomicInteger())
            .incrementAndGet();
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
            next.startCall(call, headers)) {
          @Override
          public void onComplete() {
            ended.incrementAndGet();
            super.onComplete();
          }

          @Override
          public void onCancel() {
            ended.incrementAndGet();
            super.onCancel();
          }
        };
      }
    };
  }
}
