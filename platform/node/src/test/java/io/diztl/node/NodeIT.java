package io.diztl.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.node.internal.ControlFile;
import io.diztl.node.internal.ControlToken;
import io.diztl.proto.Fingerprint;
import io.diztl.proto.Identity;
import io.diztl.proto.PeerPin;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.ControlGrpc;
import io.diztl.proto.v1.GetProgress;
import io.diztl.proto.v1.GetRequest;
import io.diztl.proto.v1.NodeResults;
import io.diztl.proto.v1.PeerGrpc;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchHit;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.StatusRequest;
import io.diztl.proto.v1.StatusResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One real node on 127.0.0.1 whose tracker is down. */
class NodeIT {

  /** Nothing listens on port 1 of the loopback interface, so this tracker is always down. */
  private static final String DOWN_TRACKER = "127.0.0.1:1";

  @TempDir Path root;

  private Path share;
  private Path data;
  private NodeConfig config;
  private Node node;
  private ControlClient control;

  @BeforeEach
  void start() throws Exception {
    share = root.resolve("share");
    data = root.resolve("data");
    Files.createDirectories(share.resolve("videos"));
    Files.writeString(share.resolve("videos/holiday.mp4"), "not really a video");
    Files.writeString(share.resolve("notes.txt"), "hello");
    Files.write(share.resolve("photo.jpg"), new byte[4096]);
    config =
        new NodeConfig(
            share, share.resolve("output"), data, "127.0.0.1", 0, "127.0.0.1", DOWN_TRACKER, false);
    node = Node.start(config);
    control = ControlClient.connect(data);
  }

  @AfterEach
  void stop() {
    control.close();
    node.close();
  }

  @Test
  void startsWhileTheTrackerIsDownAndReportsItsStatus() {
    StatusResponse status = control.status();

    assertEquals(node.id(), status.getNodeId());
    assertTrue(Fingerprint.isValid(node.id()), node.id());
    assertEquals(3, status.getFilesIndexed());
    assertEquals(18 + 5 + 4096, status.getBytesIndexed());
    assertEquals(DOWN_TRACKER, status.getTracker());
    assertFalse(status.getTrackerConnected());
    assertFalse(node.trackerConnected());
    assertEquals(-1, status.getPeersOnline());
    assertEquals(share.toString(), status.getShareDir());
    assertEquals(share.resolve("output").toString(), status.getDownloadsDir());
    assertEquals(node.port(), status.getPort());
    assertTrue(Files.isDirectory(share.resolve("output")));
  }

  @Test
  void listsNoPeersWhileTheTrackerIsDownAndNoUiLinksWithoutUiPlugins() {
    DiztlException peers = assertThrows(DiztlException.class, control::listPeers);

    assertEquals(ErrorKind.UNAVAILABLE, peers.kind());
    assertTrue(
        peers.getMessage().startsWith("tracker " + DOWN_TRACKER + " unreachable"),
        peers.getMessage());
    assertEquals(List.of(), control.uiLinks());
    assertEquals(List.of(), node.uiLinks());
  }

  @Test
  void searchAnswersFromThisNodeWhenTheTrackerIsDown() {
    List<SearchEvent> events = new ArrayList<>();
    control
        .search(SearchRequest.newBuilder().setQuery("holi").build())
        .forEachRemaining(events::add);

    assertEquals(2, events.size(), events.toString());
    NodeResults results = events.get(0).getResults();
    assertEquals(node.id(), results.getNode().getNodeId());
    assertEquals(node.port(), results.getNode().getPort());
    assertEquals(
        List.of("videos/holiday.mp4"),
        results.getHitsList().stream().map(SearchHit::getPath).toList());
    assertEquals(
        "tracker " + DOWN_TRACKER + " unreachable: results from this node only",
        events.get(1).getSummary().getNote());
  }

  @Test
  void searchRejectsAnInvalidQuery() {
    DiztlException e =
        assertThrows(
            DiztlException.class,
            () -> control.search(SearchRequest.newBuilder().setLimit(-3).build()).hasNext());

    assertEquals("limit must be at least 1, found -3", e.getMessage());
  }

  @Test
  void peerServiceSearchesTheIndex() {
    ManagedChannel channel =
        Transport.tls(Identity.generate()).channel("127.0.0.1", node.port(), PeerPin.of(node.id()));
    try {
      PeerGrpc.PeerBlockingStub peer = PeerGrpc.newBlockingStub(channel);
      List<SearchHit> hits =
          peer.search(
                  SearchRequest.newBuilder()
                      .setType(io.diztl.proto.v1.FileType.FILE_TYPE_IMAGE)
                      .build())
              .getHitsList();
      assertEquals(List.of("photo.jpg"), hits.stream().map(SearchHit::getName).toList());

      StatusRuntimeException e =
          assertThrows(
              StatusRuntimeException.class,
              () -> peer.search(SearchRequest.newBuilder().setMinSize(-1).build()));
      assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    } finally {
      Transport.close(channel);
    }
  }

  @Test
  void indexFollowsTheShareWhileRunning() throws Exception {
    Files.writeString(share.resolve("videos/later.mkv"), "added while running");

    await(() -> control.status().getFilesIndexed() == 4, "the new file to be indexed");
    Files.delete(share.resolve("notes.txt"));
    await(() -> control.status().getFilesIndexed() == 3, "the deleted file to leave the index");
  }

  @Test
  void getsAFileFromThisNodeWithoutTheTracker() throws Exception {
    SearchHit hit = onlyHit("holiday");
    Path target = root.resolve("fetched");
    List<GetProgress> progress = new ArrayList<>();

    control
        .get(
            GetRequest.newBuilder()
                .setRef(node.id() + ":" + hit.getFileId())
                .setTargetDir(target.toString())
                .build())
        .forEachRemaining(progress::add);

    GetProgress done = progress.getLast();
    assertTrue(done.getDone(), progress.toString());
    assertEquals(target.resolve("holiday.mp4").toString(), done.getPath());
    assertEquals("not really a video", Files.readString(target.resolve("holiday.mp4")));
    assertEquals(sha256("not really a video"), done.getSha256());
    assertEquals(18, done.getTotal());
  }

  @Test
  void getRejectsBadReferencesRelativeFoldersAndUnknownNodes() {
    DiztlException malformed =
        assertThrows(
            DiztlException.class, () -> get(GetRequest.newBuilder().setRef("nonsense").build()));
    assertTrue(malformed.getMessage().contains("expected NODE_ID:FILE_ID"), malformed.getMessage());

    String ref = node.id() + ":" + onlyHit("holiday").getFileId();
    DiztlException relative =
        assertThrows(
            DiztlException.class,
            () -> get(GetRequest.newBuilder().setRef(ref).setTargetDir("rel/dir").build()));
    assertTrue(relative.getMessage().contains("must be an absolute path"), relative.getMessage());

    DiztlException unknown =
        assertThrows(
            DiztlException.class,
            () ->
                get(
                    GetRequest.newBuilder()
                        .setRef("awu36ir75x4avhinux3t6xazdif:" + "0".repeat(24))
                        .build()));
    assertTrue(
        unknown.getMessage().contains("tracker " + DOWN_TRACKER + " unreachable"),
        unknown.getMessage());
  }

  @Test
  void aSecondNodeCannotUseTheSameDataFolder() {
    NodeConfig other =
        new NodeConfig(
            root.resolve("other"),
            root.resolve("other/output"),
            data,
            "127.0.0.1",
            0,
            "",
            DOWN_TRACKER,
            false);

    DiztlException e = assertThrows(DiztlException.class, () -> Node.start(other));

    assertEquals("another diztl node is already running with data folder " + data, e.getMessage());
    assertEquals(node.id(), control.status().getNodeId(), "the running node is unharmed");
  }

  @Test
  void controlApiRequiresTheToken() {
    ManagedChannel channel =
        Transport.plaintext().channel("127.0.0.1", node.controlPort(), id -> {});
    try {
      StatusRuntimeException none =
          assertThrows(
              StatusRuntimeException.class,
              () ->
                  ControlGrpc.newBlockingStub(channel).status(StatusRequest.getDefaultInstance()));
      assertEquals(Status.Code.UNAUTHENTICATED, none.getStatus().getCode());

      StatusRuntimeException wrong =
          assertThrows(
              StatusRuntimeException.class,
              () ->
                  ControlGrpc.newBlockingStub(channel)
                      .withInterceptors(ControlToken.clientInterceptor(ControlToken.generate()))
                      .status(StatusRequest.getDefaultInstance()));
      assertEquals(Status.Code.UNAUTHENTICATED, wrong.getStatus().getCode());
    } finally {
      Transport.close(channel);
    }
  }

  @Test
  void connectFailsClearlyWhenNoNodeRuns() {
    Path empty = root.resolve("empty");

    DiztlException e = assertThrows(DiztlException.class, () -> ControlClient.connect(empty));

    assertEquals(
        "no diztl node is running with data folder "
            + empty
            + " (start one with: diztl node --data "
            + empty
            + ")",
        e.getMessage());
  }

  @Test
  void closeReleasesTheDataFolderAndARestartKeepsTheId() {
    String id = node.id();
    node.close();
    node.close();

    assertFalse(Files.exists(data.resolve("control.properties")));
    DiztlException e = assertThrows(DiztlException.class, () -> ControlClient.connect(data));
    assertTrue(e.getMessage().startsWith("no diztl node is running"), e.getMessage());

    node = Node.start(config);
    assertEquals(id, node.id());
  }

  @Test
  void aStaleControlFileMeansNoNodeRuns() throws Exception {
    Path copy = root.resolve("copy");
    Files.createDirectories(copy);
    Files.copy(data.resolve("control.properties"), copy.resolve("control.properties"));
    node.close();
    ControlClient stale = ControlClient.connect(copy);
    try {
      DiztlException e = assertThrows(DiztlException.class, stale::status);
      assertTrue(
          e.getMessage().startsWith("no diztl node is running with data folder " + copy),
          e.getMessage());
    } finally {
      stale.close();
    }
  }

  @Test
  void aNodeThatOffersNoGrpcWebIsCalledOverGrpc() throws Exception {
    Path older = root.resolve("older");
    Files.createDirectories(older);
    ControlFile file = ControlFile.read(data).orElseThrow();
    new ControlFile(file.port(), 0, file.token(), file.nodeId(), file.pid()).write(older);

    try (ControlClient client = ControlClient.connect(older)) {
      assertEquals(node.id(), client.status().getNodeId());
      List<SearchHit> hits = new ArrayList<>();
      client
          .search(SearchRequest.newBuilder().setQuery("holiday").build())
          .forEachRemaining(event -> hits.addAll(event.getResults().getHitsList()));
      assertEquals(List.of("holiday.mp4"), hits.stream().map(SearchHit::getName).toList());
    }
  }

  private SearchHit onlyHit(String query) {
    List<SearchHit> hits = new ArrayList<>();
    control
        .search(SearchRequest.newBuilder().setQuery(query).build())
        .forEachRemaining(event -> hits.addAll(event.getResults().getHitsList()));
    assertEquals(1, hits.size(), hits.toString());
    return hits.getFirst();
  }

  private void get(GetRequest request) {
    control.get(request).forEachRemaining(progress -> {});
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes()));
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }
}
