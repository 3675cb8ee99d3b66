package io.diztl.api.ui;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.SearchQuery;
import io.diztl.api.preview.Preview;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a user interface can do with its node: search the network, browse other nodes' shares,
 * download and manage downloads, read the node's status, peers and plugins, and follow its events.
 * All methods are thread-safe. Searches and downloads run in the background and report to their
 * listener on a node thread; the other methods answer at once or within a few seconds.
 *
 * <p><b>Errors.</b> Methods throw {@link io.diztl.api.DiztlException} whose {@link
 * io.diztl.api.DiztlException#kind() kind} says what went wrong: {@code INVALID_ARGUMENT} for a
 * malformed reference, query or path, {@code NOT_FOUND} for an unknown node, file, download or
 * plugin, {@code PERMISSION_DENIED} for a path that leaves a share, {@code UNAVAILABLE} when the
 * tracker or a node cannot be reached.
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
   * search}), with the filters and per-node limit of {@code query}. Results arrive per node as they
   * come; {@link SearchListener#finished} or {@link SearchListener#failed} comes last. An invalid
   * query fails at once with {@code INVALID_ARGUMENT}, its message naming the position.
   *
   * @return a handle to cancel the search
   * @since 0.2
   */
  Cancellable search(SearchQuery query, SearchListener listener);

  /**
   * Searches the network for the text of a query in diztl's query language, without further
   * filters.
   *
   * @param limitPerNode the most results from each node, 0 for the node default
   * @return a handle to cancel the search
   */
  default Cancellable search(String query, int limitPerNode, SearchListener listener) {
    int limit = limitPerNode <= 0 ? SearchQuery.DEFAULT_LIMIT : limitPerNode;
    return search(
        new SearchQuery(query, Optional.empty(), 0, 0, Optional.empty(), limit), listener);
  }

  /**
   * Downloads a search result (its {@link NetworkHit#ref()}) straight from the node that has it,
   * verified, into {@code targetDir} (null: the node's downloads folder), reporting to {@code
   * listener}. The download also appears in {@link #downloads()}.
   *
   * @return a handle to cancel the download; what was received is kept to resume later
   * @throws io.diztl.api.DiztlException as {@link #startDownload} does
   */
  Cancellable download(String ref, Path targetDir, DownloadListener listener);

  /**
   * Queues a download of a search result into the node's downloads folder and returns at once;
   * follow it with {@link #downloads()} or the events.
   *
   * @throws io.diztl.api.DiztlException {@code INVALID_ARGUMENT} for a malformed reference, {@code
   *     NOT_FOUND} when the node that has the file is not online (a file id that node does not know
   *     makes the download fail, as it is only known when the node answers)
   * @since 0.2
   */
  DownloadInfo startDownload(String ref);

  /**
   * Queues downloads of every file under a folder of some node's share, keeping the folder's
   * structure under the node's downloads folder, and returns at once.
   *
   * @param nodeId the node whose share it is
   * @param path the folder, {@code /}-separated, empty for the whole share
   * @return the downloads queued, one per file
   * @since 0.2
   */
  List<DownloadInfo> startFolderDownload(String nodeId, String path);

  /**
   * The downloads of this node since it started (from any interface or the command line), newest
   * first.
   *
   * @since 0.2
   */
  List<DownloadInfo> downloads();

  /**
   * One download.
   *
   * @since 0.2
   */
  Optional<DownloadInfo> download(String id);

  /**
   * Cancels a queued or running download, keeping what was received; forgets an ended one.
   *
   * @throws io.diztl.api.DiztlException {@code NOT_FOUND} for an unknown id
   * @since 0.2
   */
  void cancelDownload(String id);

  /**
   * Queues a failed or cancelled download again, resuming from what was received.
   *
   * @throws io.diztl.api.DiztlException {@code NOT_FOUND} for an unknown id, {@code
   *     FAILED_PRECONDITION} for one that has not ended or is done
   * @since 0.2
   */
  DownloadInfo retryDownload(String id);

  /**
   * Pauses a queued or running download: what was received is kept, and it does not start again
   * until {@link #resumeDownload resumed}. A node that cannot pause says so.
   *
   * @return the download as it is now
   * @throws io.diztl.api.DiztlException {@code NOT_FOUND} for an unknown id, {@code
   *     FAILED_PRECONDITION} for one that has ended or from a node that cannot pause
   * @since 0.3
   */
  default DownloadInfo pauseDownload(String id) {
    throw new DiztlException(ErrorKind.FAILED_PRECONDITION, "this node cannot pause downloads");
  }

  /**
   * Queues a paused, failed or cancelled download again, resuming from what was received.
   *
   * @return the download as it is now
   * @throws io.diztl.api.DiztlException {@code NOT_FOUND} for an unknown id, {@code
   *     FAILED_PRECONDITION} for one that is queued, running or done or from a node that cannot
   *     pause
   * @since 0.3
   */
  default DownloadInfo resumeDownload(String id) {
    throw new DiztlException(ErrorKind.FAILED_PRECONDITION, "this node cannot resume downloads");
  }

  /**
   * A small picture of a search result (its {@link NetworkHit#ref()}), such as a thumbnail of an
   * image, made by the node that has the file the first time it is asked for and kept there. Blocks
   * for at most about ten seconds. The default has none.
   *
   * @return the preview, or empty when that node makes none of the file (an unknown file, a type no
   *     plugin there previews, or a file it refuses)
   * @throws io.diztl.api.DiztlException {@code INVALID_ARGUMENT} for a malformed reference, {@code
   *     NOT_FOUND} when the node that has the file is not online, {@code UNAVAILABLE} or {@code
   *     TIMED_OUT} when it cannot be reached in time
   * @since 0.2
   */
  default Optional<Preview> preview(String ref) {
    return Optional.empty();
  }

  /**
   * One page of a folder of a node's share (this node's too), as that node's index holds it.
   *
   * @param nodeId the node
   * @param path the folder, {@code /}-separated, empty for the share's root
   * @param pageToken empty for the first page, else a listing's {@link
   *     FolderListing#nextPageToken()}
   * @throws io.diztl.api.DiztlException {@code NOT_FOUND} for an unknown node or folder, {@code
   *     INVALID_ARGUMENT} or {@code PERMISSION_DENIED} for a path that leaves the share
   * @since 0.2
   */
  FolderListing browse(String nodeId, String path, String pageToken);

  /**
   * The live nodes of the network, this one included; empty when the tracker cannot be reached.
   *
   * @since 0.2
   */
  List<PeerInfo> peers();

  /**
   * The node's plugins.
   *
   * @since 0.2
   */
  List<PluginInfo> plugins();

  /**
   * Enables or disables a plugin through the plugins folder's {@code disabled.txt}; the change
   * takes effect within a second.
   *
   * @throws io.diztl.api.DiztlException {@code NOT_FOUND} for an unknown plugin id
   * @since 0.2
   */
  void setPluginEnabled(String pluginId, boolean enabled);

  /**
   * How the node's owner configured the user interfaces.
   *
   * @since 0.2
   */
  UiSettings uiSettings();

  /**
   * Follows the node's events (files indexed or removed, downloads, plugins, tracker) until the
   * returned handle is cancelled.
   */
  Cancellable subscribe(Consumer<NodeEvent> listener);

  /**
   * This node's standing queries, oldest first. The default has none.
   *
   * @since 0.3
   */
  default List<Watch> watches() {
    return List.of();
  }

  /**
   * Registers a standing query for {@code ttl}; one ordinary search fills in what exists already.
   * The default refuses.
   *
   * @throws io.diztl.api.DiztlException {@code INVALID_ARGUMENT} for a query a search refuses too,
   *     with the same message; {@code RESOURCE_EXHAUSTED} beyond the limit of queries per node or
   *     network
   * @since 0.3
   */
  default Watch watch(SearchQuery query, Duration ttl) {
    throw new DiztlException(ErrorKind.FAILED_PRECONDITION, "this node takes no standing queries");
  }

  /**
   * The latest matches of one standing query, oldest first; marks them seen. The default has none.
   *
   * @throws io.diztl.api.DiztlException {@code NOT_FOUND} for an unknown id
   * @since 0.3
   */
  default List<WatchMatch> watchMatches(String id) {
    throw new DiztlException(ErrorKind.NOT_FOUND, "no standing query " + id);
  }

  /**
   * Ends one standing query.
   *
   * @throws io.diztl.api.DiztlException {@code NOT_FOUND} for an unknown id
   * @since 0.3
   */
  default void cancelWatch(String id) {
    throw new DiztlException(ErrorKind.NOT_FOUND, "no standing query " + id);
  }

  /**
   * Follows the matches of all of this node's standing queries until the returned handle is
   * cancelled, on the thread that received them. The default sends none.
   *
   * @since 0.3
   */
  default Cancellable followWatches(Consumer<WatchMatch> listener) {
    return () -> {};
  }
}
