package io.diztl.launcher;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.proto.Fingerprint;
import io.diztl.proto.v1.NodeInfo;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Picks the node a user means by what they typed: its id, a prefix of its id that no other node
 * shares, or a name that no other node has (any case). An ambiguous or unknown choice fails naming
 * the candidates.
 */
final class NodeChoice {

  /** What a whole node id looks like: such a choice needs no list of nodes. */
  private NodeChoice() {}

  /** Whether {@code wanted} is a whole node id, usable without asking who is online. */
  static boolean isFullId(String wanted) {
    return Fingerprint.isValid(wanted);
  }

  /**
   * The node among {@code nodes} that {@code wanted} names.
   *
   * @throws DiztlException {@code NOT_FOUND} when none matches, {@code INVALID_ARGUMENT} when
   *     several do; either lists the candidates
   */
  static NodeInfo pick(String wanted, List<NodeInfo> nodes) {
    String text = wanted.strip();
    if (text.isEmpty()) {
      throw new DiztlException(
          ErrorKind.INVALID_ARGUMENT, "expected a node id or name, found none");
    }
    for (NodeInfo node : nodes) {
      if (node.getNodeId().equals(text)) {
        return node;
      }
    }
    Set<NodeInfo> matches = new LinkedHashSet<>();
    String lower = text.toLowerCase(Locale.ROOT);
    for (NodeInfo node : nodes) {
      if (node.getNodeId().startsWith(lower)
          || node.getName().toLowerCase(Locale.ROOT).equals(lower)) {
        matches.add(node);
      }
    }
    if (matches.size() == 1) {
      return matches.iterator().next();
    }
    if (matches.isEmpty()) {
      throw new DiztlException(
          ErrorKind.NOT_FOUND,
          "no node online is '"
              + Printable.of(text)
              + "': expected a node id, id prefix or name of "
              + (nodes.isEmpty() ? "a node online, found none" : describe(nodes)));
    }
    throw new DiztlException(
        ErrorKind.INVALID_ARGUMENT,
        "'"
            + Printable.of(text)
            + "' could be any of "
            + describe(List.copyOf(matches))
            + ": give more of the id");
  }

  private static String describe(List<NodeInfo> nodes) {
    return nodes.stream()
        .map(node -> node.getNodeId() + " (" + Printable.of(node.getName()) + ")")
        .collect(Collectors.joining(", "));
  }
}
