package io.diztl.api.ui;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What a user interface can do with its node: search the network, download results, read the
 * node's status and follow its events. All methods are thread-safe; searches and downloads run in
 * the background and report to their listener on a node thread.
 *
 * @since 0.1
 */
public interface NodeFacade {

  /** The node's id. */
  String nodeId();

  /** The node as it is now. */
  NodeStatus status();

  /**
   * Searches the network with a query in diztl's query language (as typed after {@code diztl
   * search}). Results arrive per node as they come; {@link SearchListener#finished} or {@link
   * SearchListener#failed} comes last.
   *
   * @param limitPerNode the most results from each node, 0 for the node default
   * @return a handle to cancel the search
   */
  Cancellable search(String query, int limitPerNode, SearchListener listener);

  /**
   * Downloads a search result (its {@link NetworkHit#ref()}) straight from the node that has it,
   * verified, into {@code targetDir} (null: the node's downloads folder).
   *
   * @return a handle to cancel the download; what was received is kept to resume later
   */
  Cancellable download(String ref, Path targetDir, DownloadListener listener);

  /**
   * Follows the node's events (files indexed or removed, downloads, peers) until the returned
   * handle is cancelled.
   */
  Cancellable subscribe(Consumer<NodeEvent> listener);
}
