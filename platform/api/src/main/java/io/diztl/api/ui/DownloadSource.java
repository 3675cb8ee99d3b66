package io.diztl.api.ui;

import java.util.Objects;

/**
 * One node a download fetches from (or fetched from), and how much it gave.
 *
 * @param nodeId the node's id
 * @param nodeName its name, empty when unknown
 * @param bytes the bytes of the content received from it in the latest attempt
 * @param strikes how many of its pieces failed verification in that attempt
 * @param dropped whether it is no longer asked (too many bad pieces or failed requests)
 * @since 0.3
 */
public record DownloadSource(
    String nodeId, String nodeName, long bytes, int strikes, boolean dropped) {

  /** Checks the parts. */
  public DownloadSource {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(nodeName, "nodeName");
    if (strikes < 0) {
      throw new IllegalArgumentException("strikes must be 0 or more, found " + strikes);
    }
  }

  /** A source with no strikes, still in use. */
  public DownloadSource(String nodeId, String nodeName, long bytes) {
    this(nodeId, nodeName, bytes, 0, false);
  }

  /** This source with {@code more} bytes received from it. */
  public DownloadSource plusBytes(long more) {
    return new DownloadSource(nodeId, nodeName, bytes + more, strikes, dropped);
  }

  /** This source with the given strikes and dropped flag. */
  public DownloadSource withHealth(int strikes, boolean dropped) {
    return new DownloadSource(nodeId, nodeName, bytes, strikes, dropped);
  }
}
