package io.diztl.node.internal.fetch;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.node.internal.DownloadListener;
import io.diztl.node.internal.PrivateFolders;
import io.diztl.node.internal.serve.FileServer;
import io.diztl.node.internal.transfer.ExpectedFile;
import io.diztl.node.internal.transfer.SenderRetry;
import io.diztl.node.internal.transfer.limit.DownloadThrottle;
import io.grpc.Channel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fetches files from other nodes over {@code Peer.Download}: resumes partial downloads, verifies
 * the SHA-256 the peer announced and places the file in a target folder without overwriting
 * anything. Waits its turn when the peer's upload slots are all taken, asks again when the file
 * changed while it was sent, and takes data no faster than its {@link DownloadThrottle} allows.
 */
public final class Downloader {

  /** Longest part of a node id used in the names of partial files. */
  private static final int MAX_NODE_CHARS = 64;

  private final Path partialDir;
  private final ReceiveLimits limits;
  private final DownloadThrottle throttle;
  private final SenderRetry retry = new SenderRetry();
  private final Set<String> active = ConcurrentHashMap.newKeySet();

  /**
   * Creates a downloader keeping unfinished downloads in {@code partialDir}, created (owner-only)
   * if missing. A peer may stay silent for at most 30 s, and a download of {@code n} bytes may take
   * 10 minutes plus {@code n} at 64 KiB/s; a file that would leave less than 64 MiB free is
   * refused.
   */
  public Downloader(Path partialDir) {
    this(partialDir, DownloadThrottle.NONE);
  }

  /** As {@link #Downloader(Path)}, taking data no faster than {@code throttle} allows. */
  public Downloader(Path partialDir, DownloadThrottle throttle) {
    this(partialDir, ReceiveLimits.DEFAULTS, throttle);
  }

  Downloader(Path partialDir, ReceiveLimits limits) {
    this(partialDir, limits, DownloadThrottle.NONE);
  }

  Downloader(Path partialDir, ReceiveLimits limits, DownloadThrottle throttle) {
    this.partialDir = Objects.requireNonNull(partialDir, "partialDir");
    this.limits = limits;
    this.throttle = Objects.requireNonNull(throttle, "throttle");
    try {
      PrivateFolders.ensure(partialDir);
    } catch (IOException e) {
      throw new DiztlException(
          "cannot create the folder for partial downloads " + partialDir + ": " + e, e);
    }
  }

  /**
   * Downloads one file, blocking until it is verified and placed. Runs the call in the calling
   * thread's gRPC context, so cancelling that context stops the download. A download that breaks
   * off (connection lost, cancelled) keeps its partial file, and the next download of the same file
   * from the same node resumes it.
   *
   * @param peer a channel to the node that shares the file
   * @param nodeId the id of that node
   * @param fileId the file's id on that node
   * @param expected what a search hit or listing said of the file; a peer announcing anything else
   *     is refused
   * @param targetDir where the file goes, created if missing
   * @throws DiztlException if the peer refuses, the connection breaks off, the content fails
   *     verification, the same file is already being downloaded, or the file cannot be stored;
   *     {@code TIMED_OUT} when the peer stays silent or is too slow, {@code FAILED_PRECONDITION}
   *     when it announces another file than {@code expected}, {@code RESOURCE_EXHAUSTED} when the
   *     file does not fit on the disk
   */
  public DownloadResult download(
      Channel peer,
      String nodeId,
      String fileId,
      ExpectedFile expected,
      Path targetDir,
      DownloadListener listener) {
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(fileId, "fileId");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(targetDir, "targetDir");
    Objects.requireNonNull(listener, "listener");
    if (!FileServer.isFileId(fileId)) {
      throw new DiztlException(
          ErrorKind.INVALID_ARGUMENT,
          "file id must be 24 hex characters, found '" + FileServer.echo(fileId) + "'");
    }
    if (nodeId.isBlank()) {
      throw new DiztlException(
          ErrorKind.INVALID_ARGUMENT, "node id must not be blank, found '" + nodeId + "'");
    }
    String node = nodeId.replaceAll("[^A-Za-z0-9._-]", "_");
    String key = node.substring(0, Math.min(node.length(), MAX_NODE_CHARS)) + "-" + fileId;
    if (!active.add(key)) {
      throw new DiztlException("already downloading file " + fileId + " from node " + nodeId);
    }
    try {
      TransferPartial partial = new TransferPartial(partialDir, key);
      return retry.run(
          "file " + fileId + " from node " + nodeId,
          () ->
              new TransferReceiver(
                      peer, nodeId, fileId, expected, limits, partial, targetDir, listener)
                  .throttledBy(throttle)
                  .run());
    } finally {
      active.remove(key);
    }
  }
}
