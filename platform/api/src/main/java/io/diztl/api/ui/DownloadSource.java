package io.diztl.api.ui;

import java.util.Objects;

/**
 * One node a download fetches from (or fetched from), and how much it gave.
 *
 * @param nodeId the node's id
 * @param nodeName its name, empty when unknown
 * @param bytes the bytes of the content received from it in the latest attempt
 * @since 0.3
 */
public record DownloadSource(String nodeId, String nodeName, long bytes) {

  /** Checks the parts. */
  public DownloadSource {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(nodeName, "nodeName");
  }
}
