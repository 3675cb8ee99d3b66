package io.diztl.node.internal.transfer;

import io.diztl.api.ui.DownloadInfo;
import io.diztl.api.ui.DownloadListener;
import io.diztl.api.ui.DownloadSource;
import io.diztl.api.ui.DownloadState;
import io.diztl.node.FileRef;
import io.diztl.proto.v1.StoredDownload;
import io.grpc.Context;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One download of a {@link DownloadManager}; its fields change only under the manager's lock. */
final class Download {

  final String id;
  final FileRef ref;
  final ExpectedFile expected;
  final Path targetDir;
  final String sourceName;
  final Instant started;
  final SpeedMeter speed;
  String name;
  DownloadState state = DownloadState.QUEUED;
  long received;
  long total;
  Instant ended;
  String finalPath = "";
  String sha256 = "";
  String error = "";
  int sources;

  /** The nodes of the latest attempt, in the order they were asked, and the bytes each gave. */
  final Map<String, DownloadSource> sourceNodes = new LinkedHashMap<>();

  /** Who follows this run, or null; dropped when the run ends. */
  DownloadListener listener;

  /** The running attempt's context, cancelled to stop it; null unless running. */
  Context.CancellableContext context;

  /** Whether the user cancelled the running attempt. */
  boolean cancelling;

  /** Whether the user paused the running attempt. */
  boolean pausing;

  /** Whether it is queued but waits for a retry timer, its sources all gone. */
  boolean waiting;

  /** Tries in a row that found no source; the wait before the next one grows with it. */
  int waits;

  /** Identifies the retry timer that may wake it; an older timer finds another and does nothing. */
  Object wakeToken;

  Download(
      String id,
      FileRef ref,
      ExpectedFile expected,
      Path targetDir,
      String name,
      String sourceName,
      Instant started,
      InstantSource clock,
      DownloadListener listener) {
    this.id = id;
    this.ref = ref;
    this.expected = expected;
    this.targetDir = targetDir;
    this.name = name;
    this.sourceName = sourceName;
    this.started = started;
    this.speed = new SpeedMeter(clock);
    this.listener = listener;
  }

  /** Whether it is queued, running or paused. */
  boolean active() {
    return !state.ended();
  }

  /** Whether an attempt of it runs now. */
  boolean running() {
    return state == DownloadState.RUNNING || state == DownloadState.VERIFYING;
  }

  /** This download as its node keeps it across restarts. */
  StoredDownload stored() {
    return StoredDownload.newBuilder()
        .setId(id)
        .setRef(ref.toString())
        .setExpectedSize(expected.size())
        .setExpectedSha256(expected.sha256())
        .setTargetDir(targetDir.toString())
        .setName(name)
        .setSourceName(sourceName)
        .setState(state.name())
        .setReceived(received)
        .setTotal(total)
        .setStartedMillis(started.toEpochMilli())
        .setEndedMillis(ended == null ? 0 : ended.toEpochMilli())
        .setFinalPath(finalPath)
        .setSha256(sha256)
        .setError(error)
        .build();
  }

  /**
   * A download as it was saved: one that was queued or running is queued again (to resume from what
   * its partial holds), a paused or ended one stays as it was.
   *
   * @throws IllegalArgumentException for a saved download this node cannot read
   */
  static Download restored(StoredDownload saved, InstantSource clock) {
    Download download =
        new Download(
            saved.getId(),
            FileRef.parse(saved.getRef()),
            new ExpectedFile(saved.getExpectedSize(), saved.getExpectedSha256()),
            Path.of(saved.getTargetDir()),
            saved.getName(),
            saved.getSourceName(),
            Instant.ofEpochMilli(saved.getStartedMillis()),
            clock,
            null);
    DownloadState state = DownloadState.valueOf(saved.getState());
    download.state = state.ended() || state == DownloadState.PAUSED ? state : DownloadState.QUEUED;
    download.received = saved.getReceived();
    download.total = saved.getTotal();
    download.ended =
        saved.getEndedMillis() == 0 ? null : Instant.ofEpochMilli(saved.getEndedMillis());
    download.finalPath = saved.getFinalPath();
    download.sha256 = saved.getSha256();
    download.error = saved.getError();
    return download;
  }

  DownloadInfo info() {
    return new DownloadInfo(
        id,
        ref.toString(),
        name,
        ref.nodeId(),
        sourceName,
        state,
        received,
        total,
        state == DownloadState.RUNNING ? speed.bytesPerSecond() : 0,
        started,
        ended,
        finalPath,
        sha256,
        error,
        sources,
        List.copyOf(sourceNodes.values()));
  }

  /** Starts the list of source nodes of a new attempt. */
  void sourceNodes(List<DownloadSource> nodes) {
    sourceNodes.clear();
    nodes.forEach(node -> sourceNodes.put(node.nodeId(), node));
  }

  /** Counts {@code bytes} more from the node {@code nodeId}. */
  void sourceBytes(String nodeId, long bytes) {
    sourceNodes.computeIfPresent(nodeId, (id, node) -> node.plusBytes(bytes));
  }

  /** Notes the strikes of the node {@code nodeId} and whether it was dropped. */
  void sourceHealth(String nodeId, int strikes, boolean dropped) {
    sourceNodes.computeIfPresent(nodeId, (id, node) -> node.withHealth(strikes, dropped));
  }
}
