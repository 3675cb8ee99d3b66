package io.diztl.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.DiztlException;
import io.diztl.index.MerkleHasher;
import io.diztl.index.ShareIndex;
import io.diztl.node.FileRef;
import io.diztl.proto.Identity;
import io.diztl.proto.PeerPin;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.DownloadRequest;
import io.diztl.proto.v1.DownloadResponse;
import io.diztl.proto.v1.FileType;
import io.diztl.proto.v1.GetProgress;
import io.diztl.proto.v1.GetRequest;
import io.diztl.proto.v1.NodeResults;
import io.diztl.proto.v1.PeerGrpc;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchHit;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.SearchSummary;
import io.diztl.testkit.TestSwarm.TestNode;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real tracker and two real nodes on loopback: search, transfer, live index, bad requests. */
class NetworkIT {

  private static final Duration BOUND = Duration.ofSeconds(20);

  @TempDir Path root;
  private TestSwarm swarm;
  private TestNode alice;
  private TestNode bob;

  @BeforeEach
  void startSwarm() {
    swarm = TestSwarm.start(root);
    alice = swarm.addNode("alice");
    bob = swarm.addNode("bob");
    Eventually.await(
        "both nodes registered", BOUND, () -> bob.control().status().getPeersOnline() == 2);
  }

  @AfterEach
  void stopSwarm() {
    swarm.close();
  }

  @Test
  void searchFindsTheOtherNodesFilesWithFilters() {
    alice.write("photos/Holiday_Photo-2019.JPG", randomBytes(300_000, 1));
    alice.write("photos/holiday-notes.txt", "sunny".getBytes());
    alice.write("music/Holiday Song.mp3", randomBytes(50_000, 2));
    Eventually.await(
        "alice indexed 3 files", BOUND, () -> alice.control().status().getFilesIndexed() == 3);

    List<SearchHit> all =
        hitsFrom(bob, alice, SearchRequest.newBuilder().setQuery("holiday").build());
    assertEquals(3, all.size(), () -> "all holiday files: " + all);

    List<SearchHit> photo =
        hitsFrom(bob, alice, SearchRequest.newBuilder().setQuery("holiday photo").build());
    assertEquals(List.of("Holiday_Photo-2019.JPG"), names(photo));
    assertEquals("photos/Holiday_Photo-2019.JPG", photo.get(0).getPath());
    assertEquals(FileType.FILE_TYPE_IMAGE, photo.get(0).getType());
    assertEquals(300_000, photo.get(0).getSize());

    assertEquals(
        List.of("Holiday Song.mp3"),
        names(
            hitsFrom(
                bob,
                alice,
                SearchRequest.newBuilder()
                    .setQuery("holi")
                    .setType(FileType.FILE_TYPE_AUDIO)
                    .build())));
    assertEquals(
        List.of("holiday-notes.txt"),
        names(
            hitsFrom(
                bob,
                alice,
                SearchRequest.newBuilder().setQuery("holiday").setExtension("TXT").build())));
    assertEquals(
        List.of("Holiday_Photo-2019.JPG"),
        names(
            hitsFrom(
                bob,
                alice,
                SearchRequest.newBuilder().setQuery("holiday").setMinSize(100_000).build())));
    assertEquals(
        2,
        hitsFrom(
                bob,
                alice,
                SearchRequest.newBuilder().setQuery("holiday").setMaxSize(60_000).build())
            .size());
    assertTrue(
        hitsFrom(bob, alice, SearchRequest.newBuilder().setQuery("winter").build()).isEmpty());
  }

  @Test
  void downloadArrivesVerifiedAndNeverOverwrites() throws Exception {
    byte[] content = randomBytes(5 * 1024 * 1024 + 123, 3);
    alice.write("big/archive.zip", content);
    SearchHit hit = awaitHit(bob, alice, "archive");
    Eventually.await(
        "alice hashed the file",
        BOUND,
        () -> !awaitHit(bob, alice, "archive").getSha256().isEmpty());

    Path first = get(bob, new FileRef(alice.node().id(), hit.getFileId()), root.resolve("fetched"));
    assertEquals(root.resolve("fetched").resolve("archive.zip"), first);
    assertEquals(sha256(content), sha256(Files.readAllBytes(first)));
    assertEquals(sha256(content), awaitHit(bob, alice, "archive").getSha256());

    // The same content is already there: nothing is fetched and no copy is made.
    Path again = get(bob, new FileRef(alice.node().id(), hit.getFileId()), root.resolve("fetched"));
    assertEquals(first, again);
    try (Stream<Path> fetched = Files.list(root.resolve("fetched"))) {
      assertEquals(List.of(first), fetched.toList());
    }

    // Other bytes under that name (even of the same size) are kept, the download goes beside them.
    byte[] mine = randomBytes(content.length, 9);
    Files.write(first, mine);
    Path second =
        get(bob, new FileRef(alice.node().id(), hit.getFileId()), root.resolve("fetched"));
    assertEquals(root.resolve("fetched").resolve("archive (1).zip"), second);
    assertEquals(sha256(content), sha256(Files.readAllBytes(second)));
    assertEquals(sha256(mine), sha256(Files.readAllBytes(first)));
  }

  @Test
  void downloadWithoutTargetLandsInDownloadsAndIsSharedOn() {
    alice.write("song.flac", randomBytes(70_000, 4));
    SearchHit hit = awaitHit(bob, alice, "song");
    Iterator<GetProgress> progress =
        bob.control()
            .get(
                GetRequest.newBuilder()
                    .setRef(new FileRef(alice.node().id(), hit.getFileId()).toString())
                    .build());
    GetProgress last = drain(progress);
    assertEquals(bob.downloads().resolve("song.flac").toString(), last.getPath());
    // The downloads folder sits in bob's share, so alice now finds bob's copy.
    awaitHit(alice, bob, "song");
  }

  @Test
  void filesAddedAndDeletedAfterStartShowUpAndDisappear() throws IOException {
    assertTrue(
        hitsFrom(bob, alice, SearchRequest.newBuilder().setQuery("latecomer").build()).isEmpty());
    Path file = alice.write("new/deeper/latecomer.pdf", "pdf".getBytes());
    SearchHit hit = awaitHit(bob, alice, "latecomer");
    assertEquals("new/deeper/latecomer.pdf", hit.getPath());

    Files.delete(file);
    Eventually.await(
        "deleted file gone from search",
        BOUND,
        () ->
            hitsFrom(bob, alice, SearchRequest.newBuilder().setQuery("latecomer").build())
                .isEmpty());
  }

  @Test
  void unknownIdsTraversalAndSymlinksOutOfTheShareAreRefused() throws IOException {
    Path outside = Files.createDirectories(root.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "secret");
    Files.createSymbolicLink(
        alice.share().resolve("secret-link.txt"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(alice.share().resolve("linked-dir"), outside);
    alice.write("public.txt", "public".getBytes());
    awaitHit(bob, alice, "public");

    assertTrue(
        hitsFrom(bob, alice, SearchRequest.newBuilder().setQuery("secret").build()).isEmpty());
    ManagedChannel channel =
        Transport.tls(Identity.generate())
            .channel("127.0.0.1", alice.node().port(), PeerPin.of(alice.node().id()));
    try {
      PeerGrpc.PeerBlockingStub peer = PeerGrpc.newBlockingStub(channel);
      assertEquals(Status.Code.NOT_FOUND, downloadStatus(peer, "0123456789abcdef01234567"));
      assertEquals(Status.Code.INVALID_ARGUMENT, downloadStatus(peer, "../../outside/secret.txt"));
      assertEquals(Status.Code.INVALID_ARGUMENT, downloadStatus(peer, ""));
      for (String escaping : List.of("secret-link.txt", "linked-dir/secret.txt")) {
        Status.Code code = downloadStatus(peer, ShareIndex.idOf(escaping));
        assertTrue(
            code == Status.Code.NOT_FOUND || code == Status.Code.PERMISSION_DENIED,
            () -> escaping + " was not refused: " + code);
      }
    } finally {
      Transport.close(channel);
    }

    // Links out of the temporary folder would make JUnit warn while it cleans up.
    Files.delete(alice.share().resolve("secret-link.txt"));
    Files.delete(alice.share().resolve("linked-dir"));

    DiztlException unknown =
        assertThrows(
            DiztlException.class,
            () ->
                drain(
                    bob.control()
                        .get(
                            GetRequest.newBuilder()
                                .setRef(alice.node().id() + ":0123456789abcdef01234567")
                                .build())));
    assertTrue(unknown.getMessage().contains("0123456789abcdef01234567"), unknown::getMessage);
    assertTrue(Files.notExists(bob.downloads()) || isEmpty(bob.downloads()));
  }

  @Test
  void nodeReRegistersWhenTheTrackerRestarts() {
    swarm.stopTracker();
    swarm.restartTracker();
    Eventually.await(
        "both nodes registered again", BOUND, () -> bob.control().status().getPeersOnline() == 2);
    alice.write("after-restart.txt", "x".getBytes());
    awaitHit(bob, alice, "after");
  }

  private SearchHit awaitHit(TestNode asker, TestNode owner, String words) {
    List<SearchHit> found = new ArrayList<>();
    Eventually.await(
        owner.name() + "'s '" + words + "' visible to " + asker.name(),
        BOUND,
        () -> {
          found.clear();
          found.addAll(hitsFrom(asker, owner, SearchRequest.newBuilder().setQuery(words).build()));
          return !found.isEmpty();
        });
    return found.get(0);
  }

  static List<SearchHit> hitsFrom(TestNode asker, TestNode owner, SearchRequest request) {
    List<SearchHit> hits = new ArrayList<>();
    SearchSummary summary = null;
    Iterator<SearchEvent> events = asker.control().search(request);
    while (events.hasNext()) {
      SearchEvent event = events.next();
      if (event.hasResults()) {
        NodeResults results = event.getResults();
        if (results.getNode().getNodeId().equals(owner.node().id())) {
          hits.addAll(results.getHitsList());
        }
      } else if (event.hasSummary()) {
        summary = event.getSummary();
      }
    }
    assertTrue(summary != null, "a search ends with a summary");
    return hits;
  }

  private static Path get(TestNode asker, FileRef ref, Path target) {
    GetProgress last =
        drain(
            asker
                .control()
                .get(
                    GetRequest.newBuilder()
                        .setRef(ref.toString())
                        .setTargetDir(target.toString())
                        .build()));
    assertTrue(last.getDone());
    return Path.of(last.getPath());
  }

  private static GetProgress drain(Iterator<GetProgress> progress) {
    GetProgress last = null;
    while (progress.hasNext()) {
      last = progress.next();
    }
    assertFalse(last == null, "get reports progress");
    return last;
  }

  private static Status.Code downloadStatus(PeerGrpc.PeerBlockingStub peer, String fileId) {
    try {
      Iterator<DownloadResponse> responses =
          peer.withDeadlineAfter(10, java.util.concurrent.TimeUnit.SECONDS)
              .download(DownloadRequest.newBuilder().setFileId(fileId).build());
      while (responses.hasNext()) {
        responses.next();
      }
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  private static List<String> names(List<SearchHit> hits) {
    return hits.stream().map(SearchHit::getName).toList();
  }

  private static boolean isEmpty(Path folder) {
    try (var entries = Files.list(folder)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** The content identity of {@code content} (its SHA-256 Merkle root). */
  static String sha256(byte[] content) {
    MerkleHasher hasher = new MerkleHasher(content.length);
    hasher.update(ByteBuffer.wrap(content));
    return hasher.finish().rootHex();
  }
}
