package io.diztl.api.ui;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A download the node runs or ran, at one moment.
 *
 * @param id the download's id on this node, for {@link NodeFacade#cancelDownload} and {@link
 *     NodeFacade#retryDownload}
 * @param ref the search result it fetches, {@code NODE_ID:FILE_ID}
 * @param name the file name, as the source node gave it (empty until known)
 * @param sourceNodeId the node it comes from
 * @param sourceNodeName that node's name, empty when unknown
 * @param state where it stands
 * @param received bytes on disk so far, a resumed part included
 * @param total the file's size, 0 until known
 * @param bytesPerSecond the recent speed, 0 when not receiving
 * @param started when it was queued
 * @param ended when it ended, null while it has not
 * @param finalPath where the verified file is, empty until done
 * @param sha256 the verified content hash, empty until done
 * @param error why it failed, empty unless failed
 * @param sources the nodes it fetches from (or last fetched from), 0 until known; since 0.3
 * @param sourceNodes those nodes and the bytes each gave in the latest attempt, in the order they
 *     were asked, empty until known; since 0.3
 * @since 0.2
 */
public record DownloadInfo(
    String id,
    String ref,
    String name,
    String sourceNodeId,
    String sourceNodeName,
    DownloadState state,
    long received,
    long total,
    long bytesPerSecond,
    Instant started,
    Instant ended,
    String finalPath,
    String sha256,
    String error,
    int sources,
    List<DownloadSource> sourceNodes) {

  /** A download whose source nodes are not listed. */
  public DownloadInfo(
      String id,
      String ref,
      String name,
      String sourceNodeId,
      String sourceNodeName,
      DownloadState state,
      long received,
      long total,
      long bytesPerSecond,
      Instant started,
      Instant ended,
      String finalPath,
      String sha256,
      String error,
      int sources) {
    this(
        id,
        ref,
        name,
        sourceNodeId,
        sourceNodeName,
        state,
        received,
        total,
        bytesPerSecond,
        started,
        ended,
        finalPath,
        sha256,
        error,
        sources,
        List.of());
  }

  /** A download whose sources are not known. */
  public DownloadInfo(
      String id,
      String ref,
      String name,
      String sourceNodeId,
      String sourceNodeName,
      DownloadState state,
      long received,
      long total,
      long bytesPerSecond,
      Instant started,
      Instant ended,
      String finalPath,
      String sha256,
      String error) {
    this(
        id,
        ref,
        name,
        sourceNodeId,
        sourceNodeName,
        state,
        received,
        total,
        bytesPerSecond,
        started,
        ended,
        finalPath,
        sha256,
        error,
        0);
  }

  /** Checks the parts. */
  public DownloadInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(started, "started");
    sourceNodes = List.copyOf(Objects.requireNonNull(sourceNodes, "sourceNodes"));
  }

  /** Seconds until done at the recent speed, or -1 when that cannot be told. */
  public long etaSeconds() {
    if (state != DownloadState.RUNNING || bytesPerSecond <= 0 || total <= 0) {
      return -1;
    }
    return Math.max(0, (total - received + bytesPerSecond - 1) / bytesPerSecond);
  }
}
