package io.diztl.api.ui;

/**
 * A node's state at one moment.
 *
 * @param nodeId the node's id
 * @param tracker the tracker's {@code HOST:PORT}
 * @param trackerConnected whether the last heartbeat reached it
 * @param filesIndexed files in the index
 * @param bytesIndexed their total size
 * @param filesHashed files whose SHA-256 is known
 * @param peersOnline live nodes known to the tracker, -1 when unknown
 * @since 0.1
 */
public record NodeStatus(
    String nodeId,
    String tracker,
    boolean trackerConnected,
    long filesIndexed,
    long bytesIndexed,
    long filesHashed,
    int peersOnline) {}
