package io.diztl.node.internal;

import io.diztl.api.DiztlException;
import io.diztl.node.FileRef;
import io.diztl.proto.v1.GetProgress;
import io.diztl.proto.v1.GetRequest;
import io.diztl.proto.v1.NodeInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the control API's Get: finds the sharing node through the tracker and downloads from it. */
public final class Fetcher {

  private static final Logger LOG = LoggerFactory.getLogger(Fetcher.class);

  private static final Set<String> WILDCARDS = Set.of("", "0.0.0.0", "::", "[::]");

  private final NodeInfo self;
  private final String selfHost;
  private final Path downloadsDir;
  private final TrackerLink tracker;
  private final PeerChannels peers;
  private final Downloader downloader;

  /**
   * Fetches for the node {@code self} (whose peer service listens on {@code bindHost}) into {@code
   * downloadsDir} unless a request names another folder.
   */
  public Fetcher(
      NodeInfo self,
      String bindHost,
      Path downloadsDir,
      TrackerLink tracker,
      PeerChannels peers,
      Downloader downloader) {
    this.self = self;
    this.selfHost = WILDCARDS.contains(bindHost) ? "127.0.0.1" : bindHost;
    this.downloadsDir = downloadsDir;
    this.tracker = tracker;
    this.peers = peers;
    this.downloader = downloader;
  }

  /** Downloads the file {@code request} names, streaming progress and a last message with done. */
  public void get(GetRequest request, StreamObserver<GetProgress> progress) {
    FileRef ref;
    Path target;
    try {
      ref = FileRef.parse(request.getRef());
      target = targetDir(request.getTargetDir());
    } catch (DiztlException e) {
      progress.onError(
          Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    try {
      NodeInfo peer = locate(ref.nodeId());
      LOG.info("fetching {} from {}:{} into {}", ref, peer.getHost(), peer.getPort(), target);
      DownloadResult result =
          downloader.download(
              peers.channel(peer.getHost(), peer.getPort()),
              ref.nodeId(),
              ref.fileId(),
              target,
              new ProgressStream(progress));
      progress.onNext(
          GetProgress.newBuilder()
              .setName(result.finalPath().getFileName().toString())
              .setReceived(result.size())
              .setTotal(result.size())
              .setDone(true)
              .setPath(result.finalPath().toString())
              .setSha256(result.sha256())
              .build());
      progress.onCompleted();
      LOG.info("fetched {} to {}", ref, result.finalPath());
    } catch (DiztlException e) {
      LOG.info("fetching {} failed: {}", ref, e.getMessage());
      progress.onError(GrpcErrors.toStatus(e));
    } catch (StatusRuntimeException e) {
      LOG.info("fetching {} failed: {}", ref, GrpcErrors.describe(e));
      progress.onError(e);
    } catch (RuntimeException e) {
      LOG.warn("fetching {} failed: {}", ref, e.toString(), e);
      progress.onError(
          Status.INTERNAL
              .withDescription("download failed: " + e.getMessage())
              .asRuntimeException());
    }
  }

  private Path targetDir(String text) {
    if (text.isEmpty()) {
      return downloadsDir;
    }
    Path dir;
    try {
      dir = Path.of(text);
    } catch (InvalidPathException e) {
      throw new DiztlException("malformed target folder '" + text + "': " + e.getMessage(), e);
    }
    if (!dir.isAbsolute()) {
      throw new DiztlException("the target folder must be an absolute path, found '" + text + "'");
    }
    return dir.normalize();
  }

  /** Where the node with this id listens: this node itself, or a live node the tracker knows. */
  private NodeInfo locate(String nodeId) {
    if (nodeId.equals(self.getNodeId())) {
      return self.toBuilder().setHost(selfHost).build();
    }
    try {
      return tracker.listPeers().stream()
          .filter(node -> node.getNodeId().equals(nodeId))
          .findFirst()
          .orElseThrow(
              () ->
                  Status.NOT_FOUND
                      .withDescription("node " + nodeId + " is not online")
                      .asRuntimeException());
    } catch (StatusRuntimeException e) {
      if (GrpcErrors.unreachable(e)) {
        throw Status.UNAVAILABLE
            .withDescription(
                "tracker "
                    + tracker.address()
                    + " unreachable: cannot find node "
                    + nodeId
                    + " ("
                    + GrpcErrors.describe(e)
                    + ")")
            .asRuntimeException();
      }
      throw e;
    }
  }

  /** Streams a download's progress to the control caller (the downloader bounds the rate). */
  private static final class ProgressStream implements DownloadListener {
    private final StreamObserver<GetProgress> progress;
    private String name = "";

    ProgressStream(StreamObserver<GetProgress> progress) {
      this.progress = progress;
    }

    @Override
    public void started(String name, long size, long resumedFrom) {
      this.name = name;
      send(resumedFrom, size);
    }

    @Override
    public void progress(long received, long size) {
      send(received, size);
    }

    private void send(long received, long size) {
      progress.onNext(
          GetProgress.newBuilder().setName(name).setReceived(received).setTotal(size).build());
    }
  }
}
