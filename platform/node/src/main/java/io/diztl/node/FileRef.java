package io.diztl.node;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names one file on one node, as {@code NODE_ID:FILE_ID}; what {@code diztl get} takes. A malformed
 * one fails with {@code INVALID_ARGUMENT}.
 *
 * @param nodeId the sharing node's id
 * @param fileId the file's id in that node's index
 */
public record FileRef(String nodeId, String fileId) {

  private static final Pattern PART = Pattern.compile("[0-9a-f]{8,64}");

  /** Checks that both parts are lower-case hex ids. */
  public FileRef {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(fileId, "fileId");
    if (!PART.matcher(nodeId).matches() || !PART.matcher(fileId).matches()) {
      throw new DiztlException(
          ErrorKind.INVALID_ARGUMENT,
          "malformed reference '"
              + nodeId
              + ":"
              + fileId
              + "': expected NODE_ID:FILE_ID in hex, as printed by search");
    }
  }

  /** Parses {@code NODE_ID:FILE_ID}. */
  public static FileRef parse(String ref) {
    Objects.requireNonNull(ref, "ref");
    int colon = ref.indexOf(':');
    if (colon < 0) {
      throw new DiztlException(
          ErrorKind.INVALID_ARGUMENT,
          "malformed reference '" + ref + "': expected NODE_ID:FILE_ID, as printed by search");
    }
    return new FileRef(ref.substring(0, colon).strip(), ref.substring(colon + 1).strip());
  }

  @Override
  public String toString() {
    return nodeId + ":" + fileId;
  }
}
