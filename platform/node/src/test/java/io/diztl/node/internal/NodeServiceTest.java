package io.diztl.node.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.FileType;
import io.diztl.api.SearchQuery;
import io.diztl.api.ui.Cancellable;
import io.diztl.api.ui.DownloadInfo;
import io.diztl.api.ui.FolderEntry;
import io.diztl.api.ui.FolderListing;
import io.diztl.api.ui.NetworkHit;
import io.diztl.api.ui.NodeOutcome;
import io.diztl.api.ui.NodeStatus;
import io.diztl.api.ui.PeerInfo;
import io.diztl.api.ui.SearchSummary;
import io.diztl.index.IndexConfig;
import io.diztl.index.ShareIndex;
import io.diztl.node.FileRef;
import io.diztl.node.NodeConfig;
import io.diztl.node.internal.search.NodeHits;
import io.diztl.node.internal.search.SearchMapping;
import io.diztl.node.internal.search.SearchSink;
import io.diztl.node.internal.serve.PreviewServer;
import io.diztl.node.internal.transfer.DownloadManager;
import io.diztl.node.internal.transfer.DownloadStore;
import io.diztl.node.internal.transfer.ExpectedFile;
import io.diztl.pluginhost.PluginHost;
import io.diztl.pluginhost.PluginHostConfig;
import io.diztl.proto.v1.ListFolderResponse;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.NodeResults;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchHit;
import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's local operations with a real index and plugin host, but a scripted network. */
class NodeServiceTest {

  private static final String SELF = "synw3u7n4pfy5s5kzpli3ycazub";
  private static final String ALICE = "hnsnxfolkxdwgoi4obyqqse24eh";
  private static final NodeInfo ALICE_INFO =
      NodeInfo.newBuilder()
          .setNodeId(ALICE)
          .setName("alice")
          .setHost("10.0.0.2")
          .setPort(7401)
          .build();

  @TempDir Path root;

  private final ScriptedTracker tracker = new ScriptedTracker();
  private final ScriptedPeers peers = new ScriptedPeers();
  private final Map<String, Path> fetched = new ConcurrentHashMap<>();
  private final Map<String, ExpectedFile> expected = new ConcurrentHashMap<>();
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final NodeEvents events = new NodeEvents();
  private Path share;
  private ShareIndex index;
  private PluginHost plugins;
  private DownloadManager downloads;
  private NodeService node;

  @BeforeEach
  void start() throws Exception {
    share = Files.createDirectories(root.resolve("share"));
    Files.writeString(share.resolve("holiday.mp4"), "not really a video");
    index = ShareIndex.open(new IndexConfig(share, root.resolve("index"), List.of()));
    index.reconcile();
    assertTrue(index.awaitIdle(Duration.ofSeconds(20)));
    plugins =
        PluginHost.start(
            root.resolve("plugins"), root.resolve("work"), PluginHostConfig.defaults());
    NodeConfig config =
        new NodeConfig(
            share, share.resolve("output"), root.resolve("data"), "127.0.0.1", 0, "", "t:1", false);
    downloads =
        new DownloadManager(
            (ref, expectedFile, target, listener) -> {
              expected.put(ref.toString(), expectedFile);
              fetched.put(ref.toString(), target);
              throw new DiztlException(ErrorKind.UNAVAILABLE, "scripted: no transfers");
            },
            executor,
            Clock.systemUTC(),
            events,
            100,
            new DownloadStore(root),
            (delay, task) -> {});
    NodeDirectory nodes =
        new NodeDirectory(new PeerInfo(SELF, "here", "127.0.0.1", 7401, true), tracker);
    node =
        new NodeService(
            config,
            nodes,
            index,
            tracker,
            peers,
            downloads,
            plugins,
            events,
            new PreviewServer(index, plugins::preview, root.resolve("previews")),
            new NodeMetrics(new SimpleMeterRegistry(), System::nanoTime));
  }

  @AfterEach
  void stop() {
    downloads.close();
    executor.shutdownNow();
    plugins.close();
    index.close();
    events.close();
  }

  @Test
  void relaysEachNodesHitsAsTheyArriveThenTheSummaryWithItsOutcomes() {
    io.diztl.proto.v1.SearchSummary summary =
        SearchMapping.toProto(
            new SearchSummary(
                2,
                1,
                1,
                0,
                0,
                "",
                List.of(
                    new NodeOutcome(ALICE, "alice", NodeOutcome.State.ANSWERED, 12, 1, ""),
                    new NodeOutcome("cc", "carol", NodeOutcome.State.FAILED, 30, 0, "boom"))));
    tracker.events =
        List.of(
            SearchEvent.newBuilder()
                .setResults(
                    NodeResults.newBuilder()
                        .setNode(ALICE_INFO)
                        .setElapsedMillis(12)
                        .addHits(hit("song.mp3", "")))
                .build(),
            SearchEvent.newBuilder().setSummary(summary).build());
    Recorded search = new Recorded();

    node.search(
        new SearchQuery("song", Optional.of(FileType.AUDIO), 0, 0, Optional.empty(), 7), search);

    assertEquals("song", tracker.lastRequest.getQuery());
    assertEquals(io.diztl.proto.v1.FileType.FILE_TYPE_AUDIO, tracker.lastRequest.getType());
    assertEquals(7, tracker.lastRequest.getLimit());
    NodeHits hits = search.results.getFirst();
    assertEquals(new PeerInfo(ALICE, "alice", "10.0.0.2", 7401, false), hits.node());
    assertEquals(12, hits.elapsedMillis());
    NetworkHit hit = hits.hits().getFirst();
    assertEquals(ALICE + ":" + fileId("song.mp3".length()), hit.ref());
    assertEquals("song.mp3", hit.name());
    assertFalse(hit.alreadyHere());
    assertEquals(SearchMapping.toSummary(summary), search.summary);
    assertEquals(2, search.summary.outcomes().size());
  }

  @Test
  void marksHitsWhoseContentThisNodeAlreadyHas() throws Exception {
    tracker.events =
        List.of(
            SearchEvent.newBuilder()
                .setResults(
                    NodeResults.newBuilder()
                        .setNode(ALICE_INFO)
                        .addHits(hit("copy.mp4", sha256("not really a video")))
                        .addHits(hit("other.mp4", sha256("something else"))))
                .build());
    Recorded search = new Recorded();

    node.search(SearchQuery.ofText("mp4"), search);

    List<NetworkHit> hits = search.results.getFirst().hits();
    assertTrue(hits.get(0).alreadyHere());
    assertFalse(hits.get(1).alreadyHere());
    assertEquals(new SearchSummary(1, 1, 0, 0, 0, "", List.of()), search.summary);
  }

  @Test
  void answersFromThisNodeAloneWhenTheTrackerIsDownAndSaysSo() {
    tracker.failure = Status.UNAVAILABLE.withDescription("connection refused");
    Recorded search = new Recorded();

    node.search(SearchQuery.ofText("holi"), search);

    NodeHits hits = search.results.getFirst();
    assertEquals(SELF, hits.node().nodeId());
    assertEquals(List.of("holiday.mp4"), hits.hits().stream().map(NetworkHit::path).toList());
    assertTrue(hits.hits().getFirst().alreadyHere(), "this node has its own files");
    assertEquals(
        "tracker tracker.test:7400 unreachable: results from this node only",
        search.summary.note());
    assertEquals(NodeOutcome.State.ANSWERED, search.summary.outcomes().getFirst().state());
  }

  @Test
  void aTrackerThatFailsMidwayFailsTheSearchWithItsKind() {
    tracker.events =
        List.of(
            SearchEvent.newBuilder()
                .setResults(NodeResults.newBuilder().setNode(ALICE_INFO))
                .build());
    tracker.failure = Status.DEADLINE_EXCEEDED;
    Recorded search = new Recorded();

    node.search(SearchQuery.ofText("x"), search);

    assertEquals(1, search.results.size());
    assertEquals(ErrorKind.TIMED_OUT, search.failure.kind());
    assertEquals(
        "search through the tracker failed: DEADLINE_EXCEEDED", search.failure.getMessage());
  }

  @Test
  void anInvalidQueryFailsAtOnce() {
    DiztlException e =
        assertThrows(
            DiztlException.class,
            () -> node.search(SearchQuery.ofText("size>big"), new Recorded()));

    assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
    assertTrue(e.getMessage().startsWith("invalid query at character"), e.getMessage());
    assertEquals(null, tracker.lastRequest, "never sent to the network");
  }

  @Test
  void aCancelledSearchReportsNothingMore() {
    tracker.events =
        List.of(
            SearchEvent.newBuilder()
                .setResults(NodeResults.newBuilder().setNode(ALICE_INFO))
                .build());
    tracker.hold = true;
    Recorded search = new Recorded();

    Cancellable handle = node.search(SearchQuery.ofText("x"), search);
    handle.cancel();
    tracker.held.onNext(tracker.events.getFirst());
    tracker.held.onCompleted();

    assertEquals(1, search.results.size(), "only what came before the cancel");
    assertEquals(null, search.summary);
    assertEquals(1, tracker.cancels.get(), "the tracker call is cancelled");
    handle.cancel();
    assertEquals(1, tracker.cancels.get(), "once");
  }

  @Test
  void browsesANodeItLearnedFromASearchWithoutAskingTheTracker() {
    tracker.events =
        List.of(
            SearchEvent.newBuilder()
                .setResults(NodeResults.newBuilder().setNode(ALICE_INFO))
                .build());
    node.search(SearchQuery.ofText("x"), new Recorded());
    peers.page(
        "music",
        "",
        ListFolderResponse.newBuilder()
            .setPath("music")
            .addEntries(
                io.diztl.proto.v1.FolderEntry.newBuilder()
                    .setName("jazz")
                    .setPath("music/jazz")
                    .setFolder(true)
                    .setFiles(3)
                    .setSize(300))
            .addEntries(
                io.diztl.proto.v1.FolderEntry.newBuilder()
                    .setName("a.mp3")
                    .setPath("music/a.mp3")
                    .setFiles(1)
                    .setSize(10)
                    .setType(io.diztl.proto.v1.FileType.FILE_TYPE_AUDIO)
                    .setFileId(fileId(5)))
            .setNextPageToken("p2")
            .build());

    FolderListing listing = node.browse(ALICE, "music", "");

    assertEquals(0, tracker.listCalls.get());
    assertEquals("10.0.0.2", peers.called.getFirst().host());
    assertEquals("alice", listing.nodeName());
    assertEquals("p2", listing.nextPageToken());
    FolderEntry folder = listing.entries().get(0);
    assertTrue(folder.folder());
    assertEquals("", folder.ref());
    assertEquals(FileType.OTHER, folder.type());
    FolderEntry file = listing.entries().get(1);
    assertEquals(ALICE + ":" + fileId(5), file.ref());
    assertEquals(FileType.AUDIO, file.type());
  }

  @Test
  void browsesThisNodeThroughItsOwnPeerPort() {
    peers.page("", "", ListFolderResponse.getDefaultInstance());

    node.browse(SELF, "", "");

    assertEquals(new PeerInfo(SELF, "here", "127.0.0.1", 7401, true), peers.called.getFirst());
  }

  @Test
  void browseTellsUnknownNodesRefusedPathsAndADownTracker() {
    tracker.peers = List.of(ALICE_INFO);
    DiztlException unknown =
        assertThrows(
            DiztlException.class, () -> node.browse("awu36ir75x4avhinux3t6xazdif", "", ""));
    assertEquals(ErrorKind.NOT_FOUND, unknown.kind());

    peers.failures.put("../x|", Status.PERMISSION_DENIED.withDescription("outside the share"));
    DiztlException refused =
        assertThrows(DiztlException.class, () -> node.browse(ALICE, "../x", ""));
    assertEquals(ErrorKind.PERMISSION_DENIED, refused.kind());

    tracker.down = true;
    DiztlException down =
        assertThrows(
            DiztlException.class, () -> node.browse("e6ueoexewiwecx6fitkvzxxiemc", "", ""));
    assertEquals(ErrorKind.UNAVAILABLE, down.kind());
    assertTrue(
        down.getMessage().contains("tracker tracker.test:7400 unreachable"), down.getMessage());
    assertEquals(
        ErrorKind.INVALID_ARGUMENT,
        assertThrows(DiztlException.class, () -> node.browse(" ", "", "")).kind());
  }

  @Test
  void downloadsAFolderIntoItsOwnFolderWhateverNamesTheNodeGives() throws Exception {
    tracker.peers = List.of(ALICE_INFO);
    peers.page(
        "albums/live",
        "",
        page(
            "albums/live",
            "next",
            folder("../../escape", "albums/live/x"),
            file("one.mp3", "albums/live/one.mp3", 1)));
    peers.page(
        "albums/live", "next", page("albums/live", "", file("two.mp3", "albums/live/two.mp3", 2)));
    peers.page(
        "albums/live/x",
        "",
        page("albums/live/x", "", file("three.mp3", "albums/live/x/three.mp3", 3)));

    List<DownloadInfo> queued = node.startFolderDownload(ALICE, "albums/live");

    assertEquals(3, queued.size());
    assertEquals("one.mp3", queued.getFirst().name());
    assertEquals("alice", queued.getFirst().sourceNodeName());
    until(() -> fetched.size() == 3);
    Path downloadsDir = share.resolve("output");
    assertEquals(downloadsDir.resolve("live"), fetched.get(ALICE + ":" + fileId(1)));
    assertEquals(downloadsDir.resolve("live"), fetched.get(ALICE + ":" + fileId(2)));
    Path third = fetched.get(ALICE + ":" + fileId(3));
    assertEquals(downloadsDir.resolve("live").resolve(".._.._escape"), third);
    assertEquals(new ExpectedFile(200, ""), expected.get(ALICE + ":" + fileId(2)));
  }

  @Test
  void aDownloadOfARecentSearchResultExpectsTheSizeAndHashTheResultGave() throws Exception {
    String sha = "ab".repeat(32);
    tracker.events =
        List.of(
            SearchEvent.newBuilder()
                .setResults(
                    NodeResults.newBuilder()
                        .setNode(ALICE_INFO)
                        .addHits(hit("song.mp3", sha).toBuilder().setSize(4321)))
                .build());
    node.search(
        new SearchQuery("song", Optional.empty(), 0, 0, Optional.empty(), 7), new Recorded());
    FileRef found = new FileRef(ALICE, fileId("song.mp3".length()));
    FileRef unknown = new FileRef(ALICE, fileId(77));

    node.download(found, null, null);
    node.download(unknown, null, null);

    until(() -> expected.size() == 2);
    assertEquals(new ExpectedFile(4321, sha), expected.get(found.toString()));
    assertEquals(ExpectedFile.UNKNOWN, expected.get(unknown.toString()));
  }

  @Test
  void downloadsGoToTheDownloadsFolderUnlessAnAbsoluteFolderIsGiven() throws Exception {
    FileRef ref = new FileRef(SELF, fileId(9));
    DownloadInfo info = node.download(ref, null, null).info();
    assertEquals(ref.toString(), info.ref());
    assertEquals("here", info.sourceNodeName());
    until(() -> fetched.containsKey(ref.toString()));
    assertEquals(share.resolve("output"), fetched.get(ref.toString()));

    DiztlException relative =
        assertThrows(DiztlException.class, () -> node.download(ref, Path.of("rel"), null));
    assertEquals(ErrorKind.INVALID_ARGUMENT, relative.kind());
  }

  @Test
  void statusDescribesTheNodeAndCountsPeersUnlessTheTrackerIsDown() {
    tracker.peers = List.of(ALICE_INFO);
    NodeStatus status = node.status();
    assertEquals(SELF, status.nodeId());
    assertEquals("here", status.nodeName());
    assertEquals(1, status.filesIndexed());
    assertEquals(1, status.peersOnline());
    assertEquals(share.toString(), status.shareDir());

    tracker.down = true;
    assertEquals(-1, node.status().peersOnline());
    assertEquals(
        ErrorKind.UNAVAILABLE, assertThrows(DiztlException.class, () -> node.peers()).kind());
  }

  @Test
  void pluginsAndUiSettings() {
    assertEquals(List.of(), node.plugins());
    assertEquals(List.of(), node.uiLinks());
    assertEquals(
        ErrorKind.NOT_FOUND,
        assertThrows(DiztlException.class, () -> node.setPluginEnabled("nope", false)).kind());
    assertEquals("127.0.0.1", node.uiSettings().bindHost());
    assertEquals(7410, node.uiSettings().port());
    assertTrue(node.uiSettings().enabled());
  }

  private static SearchHit hit(String name, String sha256) {
    return SearchHit.newBuilder()
        .setFileId(fileId(name.length()))
        .setName(name)
        .setPath(name)
        .setType(io.diztl.proto.v1.FileType.FILE_TYPE_AUDIO)
        .setSha256(sha256)
        .build();
  }

  private static ListFolderResponse page(
      String path, String next, io.diztl.proto.v1.FolderEntry... entries) {
    return ListFolderResponse.newBuilder()
        .setPath(path)
        .addAllEntries(List.of(entries))
        .setNextPageToken(next)
        .build();
  }

  private static io.diztl.proto.v1.FolderEntry folder(String name, String path) {
    return io.diztl.proto.v1.FolderEntry.newBuilder()
        .setName(name)
        .setPath(path)
        .setFolder(true)
        .build();
  }

  private static io.diztl.proto.v1.FolderEntry file(String name, String path, int id) {
    return io.diztl.proto.v1.FolderEntry.newBuilder()
        .setName(name)
        .setPath(path)
        .setFiles(1)
        .setSize(100L * id)
        .setFileId(fileId(id))
        .build();
  }

  private static String fileId(int n) {
    return String.format("%024x", n);
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes()));
  }

  /** Waits for the download manager's threads. */
  private static void until(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out");
      }
      Thread.sleep(5);
    }
  }

  /** Records what a search sent. */
  private static final class Recorded implements SearchSink {
    final List<NodeHits> results = new ArrayList<>();
    SearchSummary summary;
    DiztlException failure;

    @Override
    public void results(NodeHits hits) {
      results.add(hits);
    }

    @Override
    public void finished(SearchSummary summary) {
      this.summary = summary;
    }

    @Override
    public void failed(DiztlException error) {
      failure = error;
    }
  }
}
