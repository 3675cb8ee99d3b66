package io.diztl.api.ui;

import io.diztl.api.FileType;
import java.util.List;
import java.util.Map;

/**
 * One search result from some node of the network.
 *
 * @param ref what {@link NodeFacade#download} takes, {@code NODE_ID:FILE_ID}
 * @param nodeId the id of the node that has the file
 * @param nodeName that node's human-readable name
 * @param name file name
 * @param path path in that node's share
 * @param size size in bytes
 * @param type type category
 * @param sha256 hex SHA-256, empty while that node has not hashed the file
 * @param modifiedMillis last modification, milliseconds since the epoch
 * @param metadata extracted metadata for display, field name to value(s) as text
 * @param matchedBy what matched: {@code name}, a metadata field or a matcher prefix
 * @param alreadyHere whether this node already has the same content (in its share or downloads)
 * @param snippets passages of the text fields that matched, with the matched words marked, best
 *     first; at most {@value Snippet#MAX_PER_HIT} (since 0.2)
 * @since 0.1
 */
public record NetworkHit(
    String ref,
    String nodeId,
    String nodeName,
    String name,
    String path,
    long size,
    FileType type,
    String sha256,
    long modifiedMillis,
    Map<String, String> metadata,
    List<String> matchedBy,
    boolean alreadyHere,
    List<Snippet> snippets) {

  /** Checks the snippets and copies them. */
  public NetworkHit {
    snippets = List.copyOf(snippets);
  }
}
