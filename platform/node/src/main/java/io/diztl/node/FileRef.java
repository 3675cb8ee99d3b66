package io.diztl.node;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.proto.Fingerprint;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names one file on one node, as {@code NODE_ID:FILE_ID}; what {@code diztl get} takes. The node id
 * is the node's identity (a {@link Fingerprint}), so a download from it reaches only that node. A
 * malformed one fails with {@code INVALID_ARGUMENT}.
 *
 * @param nodeId the sharing node's id
 * @param fileId the file's id in that node's index
 */
public record FileRef(String nodeId, String fileId) {

  private static final Pattern FILE_ID = Pattern.compile("[0-9a-f]{8,64}");
  private static final Pattern OLD_NODE_ID = Pattern.compile("[0-9a-f]{16}");

  /** Checks that the node id is a node identity and the file id lower-case hex. */
  public FileRef {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(fileId, "fileId");
    String ref = "'" + nodeId + ":" + fileId + "'";
    if (OLD_NODE_ID.matcher(nodeId).matches()) {
      throw new DiztlException(
          ErrorKind.INVALID_ARGUMENT,
          "reference "
              + ref
              + " has an old 16-character node id: node ids are now the "
              + Fingerprint.LENGTH
              + "-character identities of their certificates; search again for a current"
              + " reference");
    }
    String problem = Fingerprint.problem(nodeId).orElse(null);
    if (problem != null) {
      throw new DiztlException(
          ErrorKind.INVALID_ARGUMENT,
          "malformed reference "
              + ref
              + ": the node id is not a node identity ("
              + problem
              + "); expected NODE_ID:FILE_ID, as printed by search");
    }
    if (!FILE_ID.matcher(fileId).matches()) {
      throw new DiztlException(
          ErrorKind.INVALID_ARGUMENT,
          "malformed reference "
              + ref
              + ": expected NODE_ID:FILE_ID with a hex file id, as printed by search");
    }
  }

  /** Parses {@code NODE_ID:FILE_ID}; the node id may be in capitals. */
  public static FileRef parse(String ref) {
    Objects.requireNonNull(ref, "ref");
    int colon = ref.indexOf(':');
    if (colon < 0) {
      throw new DiztlException(
          ErrorKind.INVALID_ARGUMENT,
          "malformed reference '" + ref + "': expected NODE_ID:FILE_ID, as printed by search");
    }
    String nodeId = ref.substring(0, colon).strip();
    return new FileRef(
        OLD_NODE_ID.matcher(nodeId).matches() ? nodeId : Fingerprint.normalize(nodeId),
        ref.substring(colon + 1).strip());
  }

  @Override
  public String toString() {
    return nodeId + ":" + fileId;
  }
}
