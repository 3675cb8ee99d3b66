package io.diztl.testkit;

import static io.diztl.testkit.NetworkIT.hitsFrom;
import static io.diztl.testkit.NetworkIT.randomBytes;
import static io.diztl.testkit.NetworkIT.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.diztl.api.DiztlException;
import io.diztl.node.FileRef;
import io.diztl.node.Node;
import io.diztl.node.NodeConfig;
import io.diztl.proto.Identity;
import io.diztl.proto.NetworkKey;
import io.diztl.proto.PeerPin;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.ChallengeRequest;
import io.diztl.proto.v1.ChallengeResponse;
import io.diztl.proto.v1.GetProgress;
import io.diztl.proto.v1.GetRequest;
import io.diztl.proto.v1.KeyProof;
import io.diztl.proto.v1.ListPeersRequest;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.PeerGrpc;
import io.diztl.proto.v1.RegisterRequest;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchHit;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.TrackerGrpc;
import io.diztl.testkit.TestSwarm.TestNode;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A closed network over real TCP and mutual TLS: a tracker and two nodes with the network key work
 * together, and a node without the key, with another key, an impostor using another node's id, a
 * node whose certificate changed, strangers and plain-text clients are each refused with a clear
 * message.
 */
class ClosedNetworkIT {

  private static final Duration BOUND = Duration.ofSeconds(20);

  @TempDir Path root;
  private final NetworkKey key = NetworkKey.generate();
  private TestSwarm swarm;
  private TestNode alice;
  private TestNode bob;
  private final List<AutoCloseable> extra = new ArrayList<>();

  @BeforeEach
  void startSwarm() {
    swarm = TestSwarm.startClosed(root, key);
    alice = swarm.addNode("alice", Optional.of(key), Ports.free());
    bob = swarm.addNode("bob");
    Eventually.await(
        "both nodes admitted", BOUND, () -> bob.control().status().getPeersOnline() == 2);
  }

  @AfterEach
  void stopSwarm() throws Exception {
    for (AutoCloseable closeable : extra) {
      closeable.close();
    }
    swarm.close();
  }

  @Test
  void nodesWithTheKeySearchAndDownloadFromTheIdentityTheHitNames() throws Exception {
    byte[] content = randomBytes(300_000, 11);
    alice.write("report.pdf", content);
    SearchHit hit = awaitHit(bob, alice, "report");

    Path fetched = get(bob, new FileRef(alice.node().id(), hit.getFileId()));

    assertEquals(sha256(content), sha256(Files.readAllBytes(fetched)));
  }

  @Test
  void aNodeWithoutTheKeyIsRefusedAndSaysWhy() {
    TestNode carol = swarm.addNode("carol", Optional.empty(), 0);

    String note = awaitLocalOnlyNote(carol);
    assertTrue(note.contains("refused this node"), note);
    assertTrue(note.contains("this network needs a network key"), note);
    assertFalse(carol.node().trackerConnected());
    assertEquals(2, bob.control().status().getPeersOnline());
  }

  @Test
  void aNodeWithAnotherKeyIsRefusedAndToldTheTrackerDoesNotProveIt() {
    TestNode mallory = swarm.addNode("mallory", Optional.of(NetworkKey.generate()), 0);

    String note = awaitLocalOnlyNote(mallory);
    assertTrue(note.contains("does not prove this node's network key"), note);
    assertEquals(2, bob.control().status().getPeersOnline());
  }

  @Test
  void aNodeWithTheKeyRefusesAnOpenTracker() throws Exception {
    try (TestSwarm open = TestSwarm.start(root.resolve("open"))) {
      TestNode dave = open.addNode("dave", Optional.of(key), 0);

      String note = awaitLocalOnlyNote(dave);
      assertTrue(note.contains("runs an open network, but this node has a network key"), note);
    }
  }

  @Test
  void registeringWithoutAProofIsPermissionDeniedWithTheReason() {
    Identity stranger = Identity.generate();
    TrackerGrpc.TrackerBlockingStub tracker = tracker(stranger);

    StatusRuntimeException e =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                tracker.register(
                    RegisterRequest.newBuilder()
                        .setNode(
                            NodeInfo.newBuilder()
                                .setNodeId(stranger.id())
                                .setHost("127.0.0.1")
                                .setPort(1))
                        .build()));

    assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
    assertTrue(
        e.getStatus().getDescription().startsWith("this network needs a network key"),
        e.getMessage());
  }

  @Test
  void strangersCannotSearchOrListPeersThroughTheTracker() {
    TrackerGrpc.TrackerBlockingStub tracker = tracker(Identity.generate());

    for (Consumer<TrackerGrpc.TrackerBlockingStub> call :
        List.<Consumer<TrackerGrpc.TrackerBlockingStub>>of(
            stub -> stub.listPeers(ListPeersRequest.getDefaultInstance()),
            stub -> stub.search(SearchRequest.newBuilder().setQuery("report").build()).next())) {
      StatusRuntimeException e =
          assertThrows(StatusRuntimeException.class, () -> call.accept(tracker));
      assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
      assertTrue(
          e.getStatus().getDescription().contains("this network needs a network key"),
          e.getMessage());
    }
  }

  @Test
  void anImpostorUsingAnotherNodesIdIsRefusedEvenWithTheKey() {
    Identity impostor = Identity.generate();
    TrackerGrpc.TrackerBlockingStub tracker = tracker(impostor);
    byte[] nodeNonce = NetworkKey.nonce();
    ChallengeResponse challenge =
        tracker.challenge(
            ChallengeRequest.newBuilder().setNodeNonce(ByteString.copyFrom(nodeNonce)).build());
    String trackerId = swarm.trackerIdentity().id();
    // Even knowing the key, a proof for alice's id is refused: the id is the caller's certificate.
    RegisterRequest asAlice =
        RegisterRequest.newBuilder()
            .setNode(
                NodeInfo.newBuilder()
                    .setNodeId(alice.node().id())
                    .setHost("127.0.0.1")
                    .setPort(alice.node().port()))
            .setKeyProof(
                KeyProof.newBuilder()
                    .setNonce(challenge.getNonce())
                    .setMac(
                        ByteString.copyFrom(
                            key.nodeProof(
                                challenge.getNonce().toByteArray(), trackerId, alice.node().id()))))
            .build();

    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> tracker.register(asAlice));

    assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
    assertTrue(
        e.getStatus().getDescription().contains("is not the caller's identity"), e::getMessage);
    assertTrue(
        key.checkTrackerProof(
            nodeNonce, trackerId, impostor.id(), challenge.getTrackerProof().toByteArray()));
  }

  @Test
  void aNodeServesOnlyCallersTheTrackerAdmitted() {
    ManagedChannel channel =
        Transport.tls(Identity.generate())
            .channel("127.0.0.1", alice.node().port(), PeerPin.of(alice.node().id()));
    extra.add(() -> Transport.close(channel));

    StatusRuntimeException e =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                PeerGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .search(SearchRequest.newBuilder().setQuery("report").build()));

    assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("closed network"), e::getMessage);
  }

  @Test
  void aPlainTextClientIsRefused() {
    ManagedChannel channel =
        Transport.plaintext().channel("127.0.0.1", trackerPort(), PeerPin.of(""));
    extra.add(() -> Transport.close(channel));

    StatusRuntimeException e =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                TrackerGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .listPeers(ListPeersRequest.getDefaultInstance()));

    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e::getMessage);
    DiztlException plainNode =
        assertThrows(
            DiztlException.class,
            () ->
                Node.start(
                    new NodeConfig(
                            root.resolve("plain/share"),
                            root.resolve("plain/downloads"),
                            root.resolve("plain/data"),
                            "127.0.0.1",
                            0,
                            "127.0.0.1",
                            swarm.trackerAddress(),
                            false)
                        .withInsecure(true),
                    key));
    assertTrue(plainNode.getMessage().contains("cannot go with --insecure"), plainNode::getMessage);
  }

  @Test
  void aNodeWhoseCertificateChangedIsANewIdentityWhichServesOnlyContentItHolds() throws Exception {
    alice.write("minutes.txt", "agreed".getBytes());
    alice.write("draft.txt", "first draft".getBytes());
    // Hits that carry the content's identity (once hashed): only with it can bob look for the
    // content elsewhere when the node of the reference is gone.
    SearchHit minutes = awaitHashedHit(bob, alice, "minutes");
    SearchHit draft = awaitHashedHit(bob, alice, "draft");
    String oldId = alice.node().id();
    int port = alice.node().port();
    alice.close();
    Files.delete(alice.data().resolve(Identity.KEY_FILE));
    Files.delete(alice.data().resolve(Identity.CERTIFICATE_FILE));
    Files.delete(alice.share().resolve("draft.txt"));
    TestNode renewed = swarm.addNode("alice", Optional.of(key), port);
    assertFalse(renewed.node().id().equals(oldId));
    awaitHit(bob, renewed, "minutes");
    Eventually.await(
        "the draft gone from " + renewed.name() + "'s index",
        BOUND,
        () ->
            hitsFrom(bob, renewed, SearchRequest.newBuilder().setQuery("draft").build()).isEmpty());

    // The same content under the new identity: fetched from it and checked against the content's
    // identity, which the old reference names, not against who sends it.
    Path fetched = get(bob, new FileRef(oldId, minutes.getFileId()));
    assertEquals("agreed", Files.readString(fetched));

    // Content nobody holds any more: the old identity is gone and no one else has it.
    DiztlException e =
        assertThrows(DiztlException.class, () -> get(bob, new FileRef(oldId, draft.getFileId())));
    assertTrue(e.getMessage().contains(oldId), e::getMessage);
    assertFalse(Files.exists(root.resolve("fetched/draft.txt")), "nothing placed for the draft");
  }

  private int trackerPort() {
    String address = swarm.trackerAddress();
    return Integer.parseInt(address.substring(address.indexOf(':') + 1, address.indexOf('#')));
  }

  private TrackerGrpc.TrackerBlockingStub tracker(Identity identity) {
    ManagedChannel channel =
        Transport.tls(identity)
            .channel("127.0.0.1", trackerPort(), PeerPin.of(swarm.trackerIdentity().id()));
    extra.add(() -> Transport.close(channel));
    return TrackerGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  /** The note of a search that only the node itself answered, once the tracker refused it. */
  private static String awaitLocalOnlyNote(TestNode node) {
    String[] note = {""};
    Eventually.await(
        node.name() + " refused by the tracker",
        BOUND,
        () -> {
          try {
            Iterator<SearchEvent> events =
                node.control().search(SearchRequest.newBuilder().setQuery("anything").build());
            while (events.hasNext()) {
              SearchEvent event = events.next();
              if (event.hasSummary()) {
                note[0] = event.getSummary().getNote();
              }
            }
          } catch (DiztlException e) {
            // Searched before the first registration was refused: the tracker refused the search.
            return false;
          }
          return note[0].contains("refused");
        });
    return note[0];
  }

  private static SearchHit awaitHashedHit(TestNode asker, TestNode owner, String words) {
    return awaitHit(asker, owner, words, " with its hash", hit -> !hit.getSha256().isEmpty());
  }

  private static SearchHit awaitHit(TestNode asker, TestNode owner, String words) {
    return awaitHit(asker, owner, words, "", hit -> true);
  }

  /**
   * The first hit for {@code words} from {@code owner} that {@code wanted} accepts, once one is.
   */
  private static SearchHit awaitHit(
      TestNode asker, TestNode owner, String words, String what, Predicate<SearchHit> wanted) {
    List<SearchHit> found = new ArrayList<>();
    Eventually.await(
        owner.name() + "'s '" + words + "' visible to " + asker.name() + what,
        BOUND,
        () -> {
          found.clear();
          hitsFrom(asker, owner, SearchRequest.newBuilder().setQuery(words).build()).stream()
              .filter(wanted)
              .forEach(found::add);
          return !found.isEmpty();
        });
    return found.get(0);
  }

  private Path get(TestNode asker, FileRef ref) {
    Iterator<GetProgress> progress =
        asker
            .control()
            .get(
                GetRequest.newBuilder()
                    .setRef(ref.toString())
                    .setTargetDir(root.resolve("fetched").toString())
                    .build());
    GetProgress last = null;
    while (progress.hasNext()) {
      last = progress.next();
    }
    assertTrue(last != null && last.getDone(), "the download finished");
    return Path.of(last.getPath());
  }
}
