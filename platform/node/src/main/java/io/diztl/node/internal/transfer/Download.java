package io.diztl.node.internal.transfer;

import io.diztl.api.ui.DownloadInfo;
import io.diztl.api.ui.DownloadListener;
import io.diztl.api.ui.DownloadState;
import io.diztl.node.FileRef;
import io.grpc.Context;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;

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

  /** Who follows this run, or null; dropped when the run ends. */
  DownloadListener listener;

  /** The running attempt's context, cancelled to stop it; null unless running. */
  Context.CancellableContext context;

  /** Whether the user cancelled the running attempt. */
  boolean cancelling;

  Download(
      String id,
      FileRef ref,
      ExpectedFile expected,
      Path targetDir,
      String name,
      String sourceName,
      InstantSource clock,
      DownloadListener listener) {
    this.id = id;
    this.ref = ref;
    this.expected = expected;
    this.targetDir = targetDir;
    this.name = name;
    this.sourceName = sourceName;
    this.started = clock.instant();
    this.speed = new SpeedMeter(clock);
    this.listener = listener;
  }

  /** Whether it is queued or running. */
  boolean active() {
    return !state.ended();
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
        error);
  }
}
