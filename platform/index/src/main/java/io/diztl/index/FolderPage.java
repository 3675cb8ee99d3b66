package io.diztl.index;

import java.util.List;
import java.util.Objects;

/**
 * One page of a folder listing (see {@link ShareIndex#list(String, String, int)}).
 *
 * @param path the folder listed, normalised: '/'-separated, no trailing '/', empty for the share
 * @param entries the page's entries: folders first, then files, each by name ignoring case
 * @param nextPageToken what to pass for the next page; empty on the last page
 */
public record FolderPage(String path, List<FolderItem> entries, String nextPageToken) {

  /** Checks the parts and copies the list. */
  public FolderPage {
    Objects.requireNonNull(path, "path");
    entries = List.copyOf(entries);
    Objects.requireNonNull(nextPageToken, "nextPageToken");
  }
}
