package io.diztl.node.internal.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.index.ShareIndex;
import io.diztl.node.internal.OneFileShare;
import io.diztl.node.internal.transfer.limit.TransferLimiter;
import io.diztl.node.internal.transfer.limit.UploadSlots;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.DownloadRequest;
import io.diztl.proto.v1.DownloadResponse;
import io.diztl.proto.v1.FileHeader;
import io.diztl.proto.v1.PeerGrpc;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Peer.DownloadRanges} served by a {@link FileServer} over real TCP on 127.0.0.1: several
 * ranges of one file on one call, and the calls it refuses or ends.
 */
class RangeDownloadIT {

  private static final String ID = OneFileShare.ID;
  private static final String OTHER_ID = "fedcba9876543210fedcba98";
  private static final int MIB = 1024 * 1024;

  @TempDir Path temp;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
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
  void rangesAskedOnOneCallComeInOrderEachAfterItsHeader() throws Exception {
    start(MIB, Duration.ofSeconds(60));
    Ranges call = new Ranges();
    long[][] asked = {{1000, 70_000}, {0, 10}, {MIB - 5, 5}};
    for (long[] range : asked) {
      call.ask(ID, range[0], range[1]);
    }
    for (long[] range : asked) {
      FileHeader header = call.header();
      assertEquals(range[0], header.getOffset());
      assertEquals(range[1], header.getLength());
      assertEquals(MIB, header.getSize());
      assertArrayEquals(
          Arrays.copyOfRange(content, (int) range[0], (int) (range[0] + range[1])),
          call.data(range[1]));
    }
    // Asked for later, on the same call: the whole file from its middle.
    call.ask(ID, MIB / 2, 0);
    assertEquals(MIB / 2, call.header().getLength());
    assertArrayEquals(Arrays.copyOfRange(content, MIB / 2, MIB), call.data(MIB / 2));
    call.call.halfClose();
    assertEquals(Status.Code.OK, call.status().getCode());
  }

  @Test
  void aRangeOfAnotherFileEndsTheCall() throws Exception {
    start(MIB, Duration.ofSeconds(60));
    Ranges call = new Ranges();
    call.ask(ID, 0, 10);
    call.header();
    call.data(10);
    call.ask(OTHER_ID, 0, 10);
    Status status = call.status();
    assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
    assertTrue(status.getDescription().contains(ID), status.getDescription());
  }

  @Test
  void aRangePastTheEndOfTheFileEndsTheCall() throws Exception {
    start(MIB, Duration.ofSeconds(60));
    Ranges call = new Ranges();
    call.ask(ID, 0, 10);
    call.ask(ID, MIB - 10, 11);
    call.header();
    call.data(10);
    assertEquals(Status.Code.OUT_OF_RANGE, call.status().getCode());
  }

  @Test
  void aCallThatAsksForNothingMoreIsEndedAfterTheStallTimeout() throws Exception {
    start(MIB, Duration.ofMillis(300));
    Ranges call = new Ranges();
    call.ask(ID, 0, 10);
    call.header();
    call.data(10);
    Status status = call.status();
    assertEquals(Status.Code.DEADLINE_EXCEEDED, status.getCode());
    assertTrue(status.getDescription().contains("asked for no range"), status.getDescription());
  }

  @Test
  void aCallEndedWithoutARangeEndsAtOnce() throws Exception {
    start(MIB, Duration.ofSeconds(60));
    Ranges call = new Ranges();
    call.call.halfClose();
    assertEquals(Status.Code.OK, call.status().getCode());
  }

  private void start(int size, Duration stallTimeout) throws IOException {
    OneFileShare share = OneFileShare.create(temp, size);
    content = share.content();
    ShareIndex index = share.index();
    PeerLimits limits =
        new PeerLimits(4, 64, stallTimeout, 16, 2, 30, PeerLimits.DEFAULTS.searchTimeLimit());
    files =
        new FileServer(
            index, limits, new UploadSlots(4, Duration.ofSeconds(1)), TransferLimiter.unlimited());
    ServerServiceDefinition service =
        ServerServiceDefinition.builder(PeerGrpc.SERVICE_NAME)
            .addMethod(files.downloadRangesMethod())
            .build();
    server =
        Transport.plaintext().startServer("127.0.0.1", 0, executor, List.of(service), List.of());
    channel = Transport.plaintext().channel("127.0.0.1", server.getPort(), id -> {});
  }

  /** A ranges call read message by message, as the test asks. */
  private final class Ranges {
    final ClientCall<DownloadRequest, DownloadResponse> call =
        channel.newCall(PeerGrpc.getDownloadRangesMethod(), CallOptions.DEFAULT);
    final LinkedBlockingQueue<DownloadResponse> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Status> closed = new CompletableFuture<>();

    Ranges() {
      call.start(
          new ClientCall.Listener<>() {
            @Override
            public void onMessage(DownloadResponse message) {
              messages.add(message);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
              closed.complete(status);
            }
          },
          new Metadata());
    }

    void ask(String id, long offset, long length) {
      call.sendMessage(
          DownloadRequest.newBuilder().setFileId(id).setOffset(offset).setLength(length).build());
    }

    DownloadResponse next() throws InterruptedException {
      call.request(1);
      DownloadResponse message = messages.poll(20, TimeUnit.SECONDS);
      if (message == null) {
        throw new AssertionError("no message within 20 s; the call ended with " + closed);
      }
      return message;
    }

    FileHeader header() throws InterruptedException {
      DownloadResponse message = next();
      assertTrue(message.hasHeader(), "a header, found " + message.getPartCase());
      return message.getHeader();
    }

    byte[] data(long length) throws InterruptedException, IOException {
      ByteArrayOutputStream data = new ByteArrayOutputStream();
      while (data.size() < length) {
        DownloadResponse message = next();
        assertTrue(message.hasData(), "data, found " + message.getPartCase());
        message.getData().writeTo(data);
      }
      return data.toByteArray();
    }

    Status status() throws Exception {
      return closed.get(20, TimeUnit.SECONDS);
    }
  }
}
