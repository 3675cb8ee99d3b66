package io.diztl.api.ui;

import java.util.List;
import java.util.Objects;

/**
 * One page of a folder of some node's share, folders first, then files, each by name.
 *
 * @param nodeId the node whose share it is
 * @param nodeName that node's name
 * @param path the folder, {@code /}-separated, empty for the share's root
 * @param entries this page's entries
 * @param nextPageToken what to pass for the next page, empty when this is the last
 * @since 0.2
 */
public record FolderListing(
    String nodeId, String nodeName, String path, List<FolderEntry> entries, String nextPageToken) {

  /** Checks the parts and copies the list. */
  public FolderListing {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(path, "path");
    entries = List.copyOf(entries);
    Objects.requireNonNull(nextPageToken, "nextPageToken");
  }
}
