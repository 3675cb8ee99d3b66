package io.diztl.node.internal.fetch;

import io.diztl.api.DiztlException;
import io.diztl.node.FileRef;
import io.diztl.node.internal.GrpcErrors;
import io.diztl.node.internal.HashSources;
import io.diztl.node.internal.NodeDirectory;
import io.diztl.node.internal.PeerClient;
import io.diztl.node.internal.transfer.ExpectedFile;
import io.diztl.node.internal.transfer.SourcesGone;
import io.diztl.proto.v1.GetPiecesRequest;
import io.diztl.proto.v1.GetPiecesResponse;
import io.diztl.proto.v1.PeerGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the nodes a download fetches from. The piece hashes come from the node the download was
 * asked of; when that node is gone (offline, unreachable, or no longer sharing the file) and the
 * content's identity is known, from another node that has it, found with a hash search. Then every
 * live node that has the content is a source, the one that gave the piece hashes first.
 */
final class SourceFinder {

  private static final Logger LOG = LoggerFactory.getLogger(SourceFinder.class);

  private final NodeDirectory nodes;
  private final PeerClient peers;
  private final HashSources sources;
  private final Duration deadline;

  /** Asks nodes through {@code peers}, waiting at most {@code deadline} for piece hashes. */
  SourceFinder(NodeDirectory nodes, PeerClient peers, HashSources sources, Duration deadline) {
    this.nodes = nodes;
    this.peers = peers;
    this.sources = sources;
    this.deadline = deadline;
  }

  /**
   * The piece hashes a node gave for the content, that node's file, and the other holders when a
   * hash search already found them (null when none ran yet).
   */
  record Found(FileRef from, GetPiecesResponse plan, List<FileRef> searched) {}

  /**
   * Gets the piece hashes of {@code ref}'s content, from its node or else from another holder.
   *
   * @return empty when {@code ref}'s node is too old to give piece hashes
   * @throws SourcesGone when the content's identity is known but no node that has it answers
   * @throws DiztlException of the failure's kind when {@code ref}'s node fails and the identity is
   *     not known, so no other holder can be looked for
   */
  Optional<Found> find(FileRef ref, ExpectedFile expected) {
    try {
      return Optional.of(new Found(ref, pieces(ref), null));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        return Optional.empty();
      }
      if (GrpcErrors.unreachable(e)) {
        nodes.forget(ref.nodeId());
      }
      return Optional.of(elsewhere(ref, expected, GrpcErrors.fromCall("node " + ref.nodeId(), e)));
    } catch (DiztlException e) {
      return Optional.of(elsewhere(ref, expected, e));
    }
  }

  /** Every node to fetch from: {@code found}'s node first, then the others a hash search finds. */
  List<FileRef> holders(Found found) {
    String root = found.plan().getRoot();
    Map<String, FileRef> byNode = new LinkedHashMap<>();
    byNode.put(found.from().nodeId(), found.from());
    for (FileRef other : found.searched() != null ? found.searched() : sources.find(root)) {
      byNode.putIfAbsent(other.nodeId(), other);
    }
    return List.copyOf(byNode.values());
  }

  private Found elsewhere(FileRef ref, ExpectedFile expected, DiztlException failure) {
    if (expected.sha256().isEmpty()) {
      throw new DiztlException(
          failure.kind(),
          "cannot get the piece hashes of " + ref + ": " + failure.getMessage(),
          failure);
    }
    String root = expected.sha256();
    List<FileRef> others =
        sources.find(root).stream().filter(o -> !o.nodeId().equals(ref.nodeId())).toList();
    LOG.info(
        "{} cannot give {} ({}); {} other nodes have the content",
        ref.nodeId(),
        ref,
        failure.getMessage(),
        others.size());
    List<String> reasons = new ArrayList<>();
    for (FileRef other : others) {
      try {
        GetPiecesResponse plan = pieces(other);
        if (expected.matches(plan.getSize(), plan.getRoot())) {
          return new Found(other, plan, others);
        }
        reasons.add(other.nodeId() + " announced other content");
      } catch (StatusRuntimeException e) {
        reasons.add(other.nodeId() + ": " + GrpcErrors.describe(e));
      } catch (DiztlException e) {
        reasons.add(other.nodeId() + ": " + e.getMessage());
      }
    }
    throw new SourcesGone(
        "no node that has the content "
            + root
            + " can be reached now: "
            + ref.nodeId()
            + " failed ("
            + failure.getMessage()
            + ")"
            + (others.isEmpty()
                ? " and a hash search found no other node with it"
                : ", and so did the " + others.size() + " others found: " + reasons),
        failure);
  }

  private GetPiecesResponse pieces(FileRef ref) {
    return PeerGrpc.newBlockingStub(peers.channel(nodes.locate(ref.nodeId())))
        .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
        .getPieces(GetPiecesRequest.newBuilder().setFileId(ref.fileId()).build());
  }
}
