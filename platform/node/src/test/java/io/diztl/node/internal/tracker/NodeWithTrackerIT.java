package io.diztl.node.internal.tracker;

import static io.diztl.node.internal.tracker.TrackerLinkIT.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.DiztlException;
import io.diztl.node.ControlClient;
import io.diztl.node.Node;
import io.diztl.node.NodeConfig;
import io.diztl.node.internal.ControlFile;
import io.diztl.node.internal.ControlToken;
import io.diztl.proto.Identity;
import io.diztl.proto.PeerPin;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.BrowseRequest;
import io.diztl.proto.v1.BrowseResponse;
import io.diztl.proto.v1.ControlGrpc;
import io.diztl.proto.v1.DownloadRequest;
import io.diztl.proto.v1.DownloadResponse;
import io.diztl.proto.v1.FolderEntry;
import io.diztl.proto.v1.GetProgress;
import io.diztl.proto.v1.GetRequest;
import io.diztl.proto.v1.ListFolderRequest;
import io.diztl.proto.v1.ListFolderResponse;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.NodeResults;
import io.diztl.proto.v1.PeerGrpc;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchHit;
import io.diztl.proto.v1.SearchMode;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.SearchResponse;
import io.diztl.proto.v1.SearchRouting;
import io.diztl.proto.v1.SearchSummary;
import io.diztl.proto.v1.StatusResponse;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nodes linked to a fake tracker: relayed search, peer count, and a download between two nodes. */
class NodeWithTrackerIT {

  @TempDir Path root;

  @Test
  void relaysSearchesThroughTheTrackerAndFetchesFromAnotherNode() throws Exception {
    try (FakeTracker tracker = new FakeTracker(0)) {
      try (Node alice = start("alice", tracker);
          Node bob = start("bob", tracker);
          ControlClient bobControl = ControlClient.connect(root.resolve("bob/data"))) {
        relaySearchAndFetch(tracker, alice, bob, bobControl);
      }
      assertEquals(2, tracker.unregisters.get());
      assertTrue(tracker.nodes.isEmpty(), tracker.nodes.toString());
    }
  }

  private void relaySearchAndFetch(
      FakeTracker tracker, Node alice, Node bob, ControlClient bobControl) throws Exception {
    await(() -> alice.trackerConnected() && bob.trackerConnected(), "both nodes registered");

    StatusResponse status = bobControl.status();
    assertTrue(status.getTrackerConnected());
    assertEquals(2, status.getPeersOnline());

    SearchHit hit = searchAlice(alice);
    List<SearchEvent> relayed =
        List.of(
            SearchEvent.newBuilder()
                .setResults(
                    NodeResults.newBuilder().setNode(tracker.nodes.get(alice.id())).addHits(hit))
                .build(),
            SearchEvent.newBuilder()
                .setSummary(SearchSummary.newBuilder().setNodes(2).setAnswered(2))
                .build());
    tracker.searchEvents = relayed;
    List<SearchEvent> events = new ArrayList<>();
    bobControl
        .search(SearchRequest.newBuilder().setQuery("song").build())
        .forEachRemaining(events::add);
    // The control API passes every event on; only each hit's relevance stays behind.
    assertEquals(
        List.of(
            relayed.get(0).toBuilder()
                .setResults(
                    relayed.get(0).getResults().toBuilder()
                        .setHits(0, hit.toBuilder().clearScore()))
                .build(),
            relayed.get(1)),
        events);

    List<GetProgress> progress = new ArrayList<>();
    bobControl
        .get(GetRequest.newBuilder().setRef(alice.id() + ":" + hit.getFileId()).build())
        .forEachRemaining(progress::add);
    GetProgress done = progress.getLast();
    assertTrue(done.getDone(), progress.toString());
    Path fetched = root.resolve("bob/share/output/song.mp3");
    assertEquals(fetched.toString(), done.getPath());
    assertEquals("la la la", Files.readString(fetched));
  }

  @Test
  void statusTellsHowTheTrackerSendsSearches() throws Exception {
    try (FakeTracker tracker = new FakeTracker(0);
        Node bob = start("bob", tracker);
        ControlClient bobControl = ControlClient.connect(root.resolve("bob/data"))) {
      await(bob::trackerConnected, "bob registered");
      assertFalse(bobControl.status().hasTrackerSearchRouting(), "a tracker that does not tell");

      SearchRouting routed =
          SearchRouting.newBuilder()
              .setMode(SearchMode.SEARCH_MODE_ROUTED)
              .setLiveNodes(3)
              .setRouteAbove(2)
              .build();
      tracker.searchRouting = routed;
      await(
          () -> bobControl.status().getTrackerSearchRouting().equals(routed),
          "the tracker's mode in the status");
    }
  }

  @Test
  void cancelsTheRelayedSearchWhenTheCallerCancels() throws Exception {
    try (FakeTracker tracker = new FakeTracker(0);
        Node node = start("carol", tracker)) {
      await(node::trackerConnected, "registration");
      tracker.searchEvents =
          List.of(SearchEvent.newBuilder().setResults(NodeResults.getDefaultInstance()).build());
      tracker.holdSearch = true;
      String token = ControlFile.read(root.resolve("carol/data")).orElseThrow().token();
      ManagedChannel channel =
          Transport.plaintext().channel("127.0.0.1", node.controlPort(), id -> {});
      try {
        CountDownLatch first = new CountDownLatch(1);
        ControlGrpc.newStub(channel)
            .withInterceptors(ControlToken.clientInterceptor(token))
            .search(
                SearchRequest.newBuilder().setQuery("x").build(),
                new ClientResponseObserver<SearchRequest, SearchEvent>() {
                  private ClientCallStreamObserver<SearchRequest> call;

                  @Override
                  public void beforeStart(ClientCallStreamObserver<SearchRequest> call) {
                    this.call = call;
                  }

                  @Override
                  public void onNext(SearchEvent event) {
                    first.countDown();
                    call.cancel("enough", null);
                  }

                  @Override
                  public void onError(Throwable t) {}

                  @Override
                  public void onCompleted() {}
                });
        assertTrue(first.await(20, TimeUnit.SECONDS), "the first relayed event arrived");
        assertTrue(
            tracker.searchCancelled.await(20, TimeUnit.SECONDS), "the tracker call was cancelled");
      } finally {
        Transport.close(channel);
      }
    }
  }

  @Test
  @SuppressWarnings("try") // the node must run while the control client talks to it
  void browsesAnotherNodeThroughItsListFolderFoundInTheTrackersList() throws Exception {
    Identity peer = Identity.generate();
    String peerId = peer.id();
    List<ListFolderRequest> asked = new CopyOnWriteArrayList<>();
    PeerGrpc.PeerImplBase fakePeer =
        new PeerGrpc.PeerImplBase() {
          @Override
          public void listFolder(
              ListFolderRequest request, StreamObserver<ListFolderResponse> response) {
            asked.add(request);
            response.onNext(
                ListFolderResponse.newBuilder()
                    .setPath(request.getPath())
                    .addEntries(
                        FolderEntry.newBuilder()
                            .setName("a.txt")
                            .setPath(request.getPath() + "/a.txt")
                            .setFiles(1)
                            .setSize(3)
                            .setType(io.diztl.proto.v1.FileType.FILE_TYPE_DOCUMENT)
                            .setFileId("0123456789abcdef01234567"))
                    .build());
            response.onCompleted();
          }
        };
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    Server server =
        Transport.tls(peer)
            .startServer("127.0.0.1", 0, executor, List.of(fakePeer.bindService()), List.of());
    try (FakeTracker tracker = new FakeTracker(0);
        Node node = start("dave", tracker);
        ControlClient control = ControlClient.connect(root.resolve("dave/data"))) {
      tracker.nodes.put(
          peerId,
          NodeInfo.newBuilder()
              .setNodeId(peerId)
              .setName("eve")
              .setHost("127.0.0.1")
              .setPort(server.getPort())
              .build());

      BrowseResponse page =
          control.browse(BrowseRequest.newBuilder().setNodeId(peerId).setPath("docs").build());

      assertEquals("eve", page.getNode().getName());
      assertEquals("docs", page.getPath());
      assertEquals("0123456789abcdef01234567", page.getEntries(0).getFileId());
      assertEquals(io.diztl.proto.v1.FileType.FILE_TYPE_DOCUMENT, page.getEntries(0).getType());
      assertEquals("docs", asked.getFirst().getPath());
    } finally {
      Transport.close(server);
      executor.shutdownNow();
    }
  }

  private SearchHit searchAlice(Node alice) {
    ManagedChannel channel =
        Transport.tls(Identity.generate())
            .channel("127.0.0.1", alice.port(), PeerPin.of(alice.id()));
    try {
      SearchResponse response =
          PeerGrpc.newBlockingStub(channel)
              .search(SearchRequest.newBuilder().setQuery("song").build());
      assertEquals(1, response.getHitsCount(), response.toString());
      return response.getHits(0);
    } finally {
      Transport.close(channel);
    }
  }

  @Test
  @SuppressWarnings("try") // the node must run while the control client talks to it
  void aDownloadReachesOnlyTheNodeItsReferenceNames() throws Exception {
    Identity named = Identity.generate();
    Identity impostor = Identity.generate();
    List<DownloadRequest> asked = new CopyOnWriteArrayList<>();
    PeerGrpc.PeerImplBase fakePeer =
        new PeerGrpc.PeerImplBase() {
          @Override
          public void download(DownloadRequest request, StreamObserver<DownloadResponse> out) {
            asked.add(request);
            out.onError(io.grpc.Status.NOT_FOUND.asRuntimeException());
          }
        };
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    Server server =
        Transport.tls(impostor)
            .startServer("127.0.0.1", 0, executor, List.of(fakePeer.bindService()), List.of());
    try (FakeTracker tracker = new FakeTracker(0);
        Node node = start("frank", tracker);
        ControlClient control = ControlClient.connect(root.resolve("frank/data"))) {
      tracker.nodes.put(
          named.id(),
          NodeInfo.newBuilder()
              .setNodeId(named.id())
              .setHost("127.0.0.1")
              .setPort(server.getPort())
              .build());
      String ref = named.id() + ":" + "0123456789abcdef01234567";

      DiztlException e =
          assertThrows(
              DiztlException.class,
              () ->
                  control
                      .get(GetRequest.newBuilder().setRef(ref).build())
                      .forEachRemaining(p -> {}));

      assertTrue(
          e.getMessage()
              .contains(
                  "TLS handshake failed: expected the peer with identity "
                      + named.id()
                      + ", found "
                      + impostor.id()),
          e.getMessage());
      assertTrue(asked.isEmpty(), "the impostor never saw the request");
    } finally {
      Transport.close(server);
      executor.shutdownNow();
    }
  }

  private Node start(String name, FakeTracker tracker) throws Exception {
    Path share = root.resolve(name).resolve("share");
    Files.createDirectories(share);
    if (name.equals("alice")) {
      Files.writeString(share.resolve("song.mp3"), "la la la");
    }
    return Node.start(
        new NodeConfig(
            share,
            share.resolve("output"),
            root.resolve(name).resolve("data"),
            "127.0.0.1",
            0,
            "",
            "127.0.0.1:" + tracker.port(),
            false));
  }
}
