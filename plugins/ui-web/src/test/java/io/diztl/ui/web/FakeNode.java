package io.diztl.ui.web;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.FileType;
import io.diztl.api.SearchQuery;
import io.diztl.api.preview.Preview;
import io.diztl.api.ui.Cancellable;
import io.diztl.api.ui.DownloadInfo;
import io.diztl.api.ui.DownloadListener;
import io.diztl.api.ui.DownloadState;
import io.diztl.api.ui.FolderEntry;
import io.diztl.api.ui.FolderListing;
import io.diztl.api.ui.NetworkHit;
import io.diztl.api.ui.NodeEvent;
import io.diztl.api.ui.NodeFacade;
import io.diztl.api.ui.NodeOutcome;
import io.diztl.api.ui.NodeStatus;
import io.diztl.api.ui.PeerInfo;
import io.diztl.api.ui.PluginInfo;
import io.diztl.api.ui.SearchListener;
import io.diztl.api.ui.SearchSummary;
import io.diztl.api.ui.Snippet;
import io.diztl.api.ui.UiSettings;
import io.diztl.api.ui.Watch;
import io.diztl.api.ui.WatchMatch;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * An in-memory node for tests: fake peers answer searches from their file lists, each when its gate
 * opens (at once unless the test holds it); downloads, plugins, folders and events are kept in maps
 * that tests change directly, and so are previews by ref. Deterministic, thread-safe.
 */
final class FakeNode implements NodeFacade {

  /** A node of the fake network with its files; its answer waits for {@link #gate} to open. */
  static final class Peer {
    final String id;
    final String name;
    final List<NetworkHit> files = new CopyOnWriteArrayList<>();
    volatile CountDownLatch gate = new CountDownLatch(0);
    volatile String failure = "";
    volatile long delayMillis;

    Peer(String id, String name) {
      this.id = id;
      this.name = name;
    }

    /** Adds a file; the ref is {@code id:fileN}. */
    Peer file(String name, String path, long size, String sha256, Map<String, String> meta) {
      String ref = id + ":file" + files.size();
      String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
      files.add(
          new NetworkHit(
              ref,
              id,
              this.name,
              name,
              path,
              size,
              FileType.ofExtension(ext),
              sha256,
              1_700_000_000_000L,
              meta,
              List.of("name"),
              false,
              List.of()));
      return this;
    }

    /** Gives the file added last a snippet of {@code field} with {@code word} marked in it. */
    Peer snippet(String field, String text, String word) {
      NetworkHit last = files.removeLast();
      int start = text.indexOf(word);
      files.add(
          new NetworkHit(
              last.ref(),
              last.nodeId(),
              last.nodeName(),
              last.name(),
              last.path(),
              last.size(),
              last.type(),
              last.sha256(),
              last.modifiedMillis(),
              last.metadata(),
              List.of(field),
              last.alreadyHere(),
              List.of(
                  new Snippet(
                      field, text, List.of(new Snippet.Range(start, start + word.length()))))));
      return this;
    }

    /** Holds this node's answers until {@link #release}. */
    Peer hold() {
      gate = new CountDownLatch(1);
      return this;
    }

    void release() {
      gate.countDown();
    }
  }

  final List<Peer> peers = new CopyOnWriteArrayList<>();
  final Map<String, DownloadInfo> downloads = Collections.synchronizedMap(new LinkedHashMap<>());
  final Map<String, PluginInfo> plugins = Collections.synchronizedMap(new LinkedHashMap<>());
  final Map<String, List<FolderEntry>> folders = Collections.synchronizedMap(new LinkedHashMap<>());
  final List<Consumer<NodeEvent>> subscribers = new CopyOnWriteArrayList<>();
  final List<SearchQuery> queries = new CopyOnWriteArrayList<>();
  final Map<String, Preview> previews = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  volatile UiSettings settings;
  volatile int browsePageSize = 100;
  volatile NodeStatus status =
      new NodeStatus(
          "self-id",
          "self",
          "127.0.0.1:50036",
          true,
          true,
          1200,
          5_000_000_000L,
          900,
          40,
          3,
          "/home/ana/share",
          "/home/ana/downloads",
          50035,
          -1);

  FakeNode(Path dataDir) {
    settings = new UiSettings("127.0.0.1", 0, Optional.empty(), dataDir, true);
  }

  /** Adds a fake peer. */
  Peer peer(String id, String name) {
    Peer peer = new Peer(id, name);
    peers.add(peer);
    return peer;
  }

  /** Sends an event to the subscribers. */
  void emit(NodeEvent.Kind kind, String subject, String message) {
    NodeEvent event = new NodeEvent(Instant.now(), kind, subject, message);
    subscribers.forEach(s -> s.accept(event));
  }

  /** Changes a download. */
  void update(String id, UnaryOperator<DownloadInfo> change) {
    downloads.computeIfPresent(id, (k, d) -> change.apply(d));
  }

  @Override
  public String nodeId() {
    return status.nodeId();
  }

  @Override
  public NodeStatus status() {
    return status;
  }

  @Override
  public Cancellable search(SearchQuery query, SearchListener listener) {
    queries.add(query);
    int bad = query.text().indexOf('(');
    if (bad >= 0) {
      listener.failed(
          new DiztlException(
              ErrorKind.INVALID_ARGUMENT,
              "invalid query at character " + (bad + 1) + ": '(' without ')'"));
      return () -> {};
    }
    Object oneAtATime = new Object();
    List<NodeOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());
    long start = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (Peer peer : peers) {
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      if (!peer.gate.await(30, TimeUnit.SECONDS)) {
                        outcomes.add(outcome(peer, NodeOutcome.State.TIMED_OUT, start, 0, ""));
                        return;
                      }
                      Thread.sleep(peer.delayMillis);
                    } catch (InterruptedException e) {
                      return;
                    }
                    if (!peer.failure.isEmpty()) {
                      outcomes.add(outcome(peer, NodeOutcome.State.FAILED, start, 0, peer.failure));
                      return;
                    }
                    List<NetworkHit> hits =
                        peer.files.stream()
                            .filter(hit -> matches(query, hit))
                            .limit(query.limit())
                            .toList();
                    synchronized (oneAtATime) {
                      listener.results(hits);
                    }
                    outcomes.add(outcome(peer, NodeOutcome.State.ANSWERED, start, hits.size(), ""));
                  }));
    }
    Thread.ofVirtual()
        .start(
            () -> {
              for (Thread thread : threads) {
                try {
                  thread.join();
                } catch (InterruptedException e) {
                  return;
                }
              }
              int answered = count(outcomes, NodeOutcome.State.ANSWERED);
              synchronized (oneAtATime) {
                listener.finished(
                    new SearchSummary(
                        peers.size(),
                        answered,
                        count(outcomes, NodeOutcome.State.FAILED),
                        count(outcomes, NodeOutcome.State.TIMED_OUT),
                        count(outcomes, NodeOutcome.State.SKIPPED),
                        "",
                        outcomes));
              }
            });
    return () -> threads.forEach(Thread::interrupt);
  }

  private static int count(List<NodeOutcome> outcomes, NodeOutcome.State state) {
    synchronized (outcomes) {
      return (int) outcomes.stream().filter(o -> o.state() == state).count();
    }
  }

  private static NodeOutcome outcome(
      Peer peer, NodeOutcome.State state, long start, int hits, String error) {
    return new NodeOutcome(
        peer.id, peer.name, state, (System.nanoTime() - start) / 1_000_000, hits, error);
  }

  private static boolean matches(SearchQuery query, NetworkHit hit) {
    String name = hit.name().toLowerCase(Locale.ROOT);
    for (String word : query.text().toLowerCase(Locale.ROOT).split("\\s+")) {
      if (!word.isEmpty() && !word.equals("*") && !name.contains(word)) {
        return false;
      }
    }
    return query.type().map(t -> t == hit.type()).orElse(true)
        && (query.minSize() == 0 || hit.size() >= query.minSize())
        && (query.maxSize() == 0 || hit.size() <= query.maxSize());
  }

  @Override
  public Cancellable download(String ref, Path targetDir, DownloadListener listener) {
    startDownload(ref);
    return () -> {};
  }

  @Override
  public DownloadInfo startDownload(String ref) {
    if (!ref.contains(":")) {
      throw new DiztlException(
          ErrorKind.INVALID_ARGUMENT, "a reference is NODE_ID:FILE_ID, found '" + ref + "'");
    }
    NetworkHit hit =
        peers.stream()
            .flatMap(p -> p.files.stream())
            .filter(h -> h.ref().equals(ref))
            .findFirst()
            .orElseThrow(() -> new DiztlException(ErrorKind.NOT_FOUND, "no file " + ref));
    DownloadInfo info =
        new DownloadInfo(
            "d" + ids.incrementAndGet(),
            ref,
            hit.name(),
            hit.nodeId(),
            hit.nodeName(),
            DownloadState.QUEUED,
            0,
            hit.size(),
            0,
            Instant.now(),
            null,
            "",
            "",
            "");
    downloads.put(info.id(), info);
    return info;
  }

  @Override
  public List<DownloadInfo> startFolderDownload(String nodeId, String path) {
    List<FolderEntry> entries = folders.get(nodeId + "/" + path);
    if (entries == null) {
      throw new DiztlException(ErrorKind.NOT_FOUND, "no folder " + path + " on " + nodeId);
    }
    return entries.stream().filter(e -> !e.folder()).map(e -> startDownload(e.ref())).toList();
  }

  @Override
  public List<DownloadInfo> downloads() {
    synchronized (downloads) {
      List<DownloadInfo> newestFirst = new ArrayList<>(downloads.values());
      Collections.reverse(newestFirst);
      return newestFirst;
    }
  }

  @Override
  public Optional<DownloadInfo> download(String id) {
    return Optional.ofNullable(downloads.get(id));
  }

  @Override
  public void cancelDownload(String id) {
    DownloadInfo d =
        download(id)
            .orElseThrow(() -> new DiztlException(ErrorKind.NOT_FOUND, "no download " + id));
    if (d.state().ended()) {
      downloads.remove(id);
    } else {
      update(id, x -> withState(x, DownloadState.CANCELLED, ""));
    }
  }

  @Override
  public DownloadInfo retryDownload(String id) {
    DownloadInfo d =
        download(id)
            .orElseThrow(() -> new DiztlException(ErrorKind.NOT_FOUND, "no download " + id));
    if (d.state() != DownloadState.FAILED && d.state() != DownloadState.CANCELLED) {
      throw new DiztlException(
          ErrorKind.FAILED_PRECONDITION, "download " + id + " is " + d.state() + ", not failed");
    }
    update(id, x -> withState(x, DownloadState.QUEUED, ""));
    return downloads.get(id);
  }

  static DownloadInfo withState(DownloadInfo d, DownloadState state, String error) {
    return new DownloadInfo(
        d.id(),
        d.ref(),
        d.name(),
        d.sourceNodeId(),
        d.sourceNodeName(),
        state,
        state == DownloadState.DONE ? d.total() : d.received(),
        d.total(),
        state == DownloadState.RUNNING ? d.bytesPerSecond() : 0,
        d.started(),
        state.ended() ? Instant.now() : null,
        state == DownloadState.DONE ? "/home/ana/downloads/" + d.name() : "",
        d.sha256(),
        error,
        d.sources());
  }

  @Override
  public DownloadInfo pauseDownload(String id) {
    DownloadInfo d =
        download(id)
            .orElseThrow(() -> new DiztlException(ErrorKind.NOT_FOUND, "no download " + id));
    if (d.state().ended()) {
      throw new DiztlException(ErrorKind.FAILED_PRECONDITION, "download " + id + " has ended");
    }
    update(id, x -> withState(x, DownloadState.PAUSED, ""));
    return downloads.get(id);
  }

  @Override
  public DownloadInfo resumeDownload(String id) {
    DownloadInfo d =
        download(id)
            .orElseThrow(() -> new DiztlException(ErrorKind.NOT_FOUND, "no download " + id));
    if (d.state() != DownloadState.PAUSED) {
      throw new DiztlException(
          ErrorKind.FAILED_PRECONDITION, "download " + id + " is " + d.state() + ", not paused");
    }
    update(id, x -> withState(x, DownloadState.QUEUED, ""));
    return downloads.get(id);
  }

  @Override
  public Optional<Preview> preview(String ref) {
    return Optional.ofNullable(previews.get(ref));
  }

  @Override
  public FolderListing browse(String nodeId, String path, String pageToken) {
    Peer peer =
        peers.stream()
            .filter(p -> p.id.equals(nodeId))
            .findFirst()
            .orElseThrow(() -> new DiztlException(ErrorKind.NOT_FOUND, "no node " + nodeId));
    if (path.contains("..")) {
      throw new DiztlException(ErrorKind.PERMISSION_DENIED, "the path leaves the share: " + path);
    }
    List<FolderEntry> entries = folders.get(nodeId + "/" + path);
    if (entries == null) {
      throw new DiztlException(ErrorKind.NOT_FOUND, "no folder '" + path + "' on " + peer.name);
    }
    int from = pageToken.isEmpty() ? 0 : Integer.parseInt(pageToken);
    int to = Math.min(entries.size(), from + browsePageSize);
    return new FolderListing(
        nodeId,
        peer.name,
        path,
        entries.subList(from, to),
        to < entries.size() ? Integer.toString(to) : "");
  }

  @Override
  public List<PeerInfo> peers() {
    List<PeerInfo> list = new ArrayList<>();
    list.add(new PeerInfo(status.nodeId(), status.nodeName(), "127.0.0.1", 50035, true));
    for (int i = 0; i < peers.size(); i++) {
      Peer p = peers.get(i);
      list.add(new PeerInfo(p.id, p.name, "10.0.0." + (i + 2), 50035, false));
    }
    return list;
  }

  @Override
  public List<PluginInfo> plugins() {
    synchronized (plugins) {
      return List.copyOf(plugins.values());
    }
  }

  @Override
  public void setPluginEnabled(String pluginId, boolean enabled) {
    PluginInfo p = plugins.get(pluginId);
    if (p == null) {
      throw new DiztlException(
          ErrorKind.NOT_FOUND, "no plugin " + pluginId + "; plugins: " + plugins.keySet());
    }
    plugins.put(
        pluginId,
        new PluginInfo(
            p.id(),
            p.version(),
            enabled ? "STARTED" : "DISABLED",
            p.description(),
            p.extensions(),
            enabled ? "" : "disabled in disabled.txt"));
  }

  @Override
  public UiSettings uiSettings() {
    return settings;
  }

  @Override
  public Cancellable subscribe(Consumer<NodeEvent> listener) {
    subscribers.add(listener);
    return () -> subscribers.remove(listener);
  }

  private final AtomicInteger watchCount = new AtomicInteger();
  final Map<String, Watch> watches = new ConcurrentHashMap<>();
  final Map<String, List<WatchMatch>> watchMatches = new ConcurrentHashMap<>();
  final List<Consumer<WatchMatch>> followers = new CopyOnWriteArrayList<>();

  /** Records a match of watch {@code id}, counted as new, and sends it to the followers. */
  void match(String id, NetworkHit hit) {
    match(id, hit, false);
  }

  /** Records a match, {@code existing} when the search at registration found it. */
  void match(String id, NetworkHit hit, boolean existing) {
    WatchMatch match = new WatchMatch(id, hit, existing, 1_700_000_000_000L);
    Watch watch = watches.get(id);
    if (watch != null) {
      watches.put(
          id,
          new Watch(
              id,
              watch.query(),
              watch.createdMillis(),
              watch.expiresMillis(),
              watch.matches() + 1,
              watch.unseen() + 1));
      watchMatches.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(match);
    }
    followers.forEach(f -> f.accept(match));
  }

  @Override
  public List<WatchMatch> watchMatches(String id) {
    Watch watch = watches.get(id);
    if (watch == null) {
      throw new DiztlException(ErrorKind.NOT_FOUND, "no watch " + id);
    }
    watches.put(
        id,
        new Watch(
            id, watch.query(), watch.createdMillis(), watch.expiresMillis(), watch.matches(), 0));
    return List.copyOf(watchMatches.getOrDefault(id, List.of()));
  }

  @Override
  public List<Watch> watches() {
    return watches.values().stream().sorted(Comparator.comparing(Watch::id)).toList();
  }

  @Override
  public Watch watch(SearchQuery query, java.time.Duration ttl) {
    if (query.text().contains(">lots")) {
      throw new DiztlException(
          ErrorKind.INVALID_ARGUMENT, "invalid query at character 5: expected a number");
    }
    Watch watch =
        new Watch("w" + watchCount.getAndIncrement(), query.text(), 1, 1 + ttl.toMillis(), 0, 0);
    watches.put(watch.id(), watch);
    return watch;
  }

  @Override
  public void cancelWatch(String id) {
    if (watches.remove(id) == null) {
      throw new DiztlException(ErrorKind.NOT_FOUND, "no watch " + id);
    }
  }

  @Override
  public Cancellable followWatches(Consumer<WatchMatch> listener) {
    followers.add(listener);
    return () -> followers.remove(listener);
  }
}
