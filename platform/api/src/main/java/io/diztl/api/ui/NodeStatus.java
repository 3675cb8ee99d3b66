package io.diztl.api.ui;

/**
 * A node's state at one moment.
 *
 * @param nodeId the node's id
 * @param nodeName the node's human-readable name
 * @param tracker the tracker's {@code HOST:PORT}
 * @param trackerConnected whether the last heartbeat reached it
 * @param embeddedTracker whether the node runs that tracker in its own process
 * @param filesIndexed files in the index
 * @param bytesIndexed their total size
 * @param filesHashed files whose SHA-256 is known
 * @param filesAwaitingMetadata files whose metadata the plugins have yet to extract
 * @param peersOnline live nodes known to the tracker, -1 when unknown
 * @param shareDir the shared folder
 * @param downloadsDir where downloads go by default
 * @param port the peer port
 * @param filesScanned files the scan of the share under way (at start) has seen so far, -1 when
 *     none runs; meanwhile searches answer from what is indexed already (since 0.2)
 * @since 0.1
 */
public record NodeStatus(
    String nodeId,
    String nodeName,
    String tracker,
    boolean trackerConnected,
    boolean embeddedTracker,
    long filesIndexed,
    long bytesIndexed,
    long filesHashed,
    long filesAwaitingMetadata,
    int peersOnline,
    String shareDir,
    String downloadsDir,
    int port,
    long filesScanned) {}
