package io.diztl.node.internal.search;

import io.diztl.api.DiztlException;
import io.diztl.api.SearchQuery;
import io.diztl.api.ui.NetworkHit;
import io.diztl.api.ui.NodeOutcome;
import io.diztl.api.ui.PeerInfo;
import io.diztl.api.ui.SearchSummary;
import io.diztl.api.ui.Snippet;
import io.diztl.index.IndexedFile;
import io.diztl.node.FileRef;
import io.diztl.node.WireTypes;
import io.diztl.proto.v1.Mark;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.SearchHit;
import io.diztl.proto.v1.SearchRequest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Converts between the wire's search messages and diztl's own types: the only place where a search
 * changes form, for the peer service, the tracker link and the control API alike.
 */
public final class SearchMapping {

  /** Joins several values of one metadata field on the wire. */
  public static final String VALUE_SEPARATOR = "; ";

  private SearchMapping() {}

  /**
   * The query a request asks for; a limit of 0 means {@link SearchQuery#DEFAULT_LIMIT}.
   *
   * @throws DiztlException {@code INVALID_ARGUMENT} when the request is not a valid query
   */
  public static SearchQuery toQuery(SearchRequest request) {
    int limit = request.getLimit() == 0 ? SearchQuery.DEFAULT_LIMIT : request.getLimit();
    String extension = request.getExtension();
    return new SearchQuery(
        request.getQuery(),
        WireTypes.fromWire(request.getType()),
        request.getMinSize(),
        request.getMaxSize(),
        extension.isBlank() ? Optional.empty() : Optional.of(extension),
        limit);
  }

  /** The request that relays {@code query} to other nodes. */
  public static SearchRequest toRequest(SearchQuery query) {
    return SearchRequest.newBuilder()
        .setQuery(query.text())
        .setType(WireTypes.toWire(query.type()))
        .setMinSize(query.minSize())
        .setMaxSize(query.maxSize())
        .setExtension(query.extension().orElse(""))
        .setLimit(query.limit())
        .build();
  }

  /**
   * The wire form of one indexed file, with its metadata for display (several values of a field
   * joined by "; ") and what matched it.
   */
  public static SearchHit toHit(IndexedFile file) {
    SearchHit.Builder hit =
        SearchHit.newBuilder()
            .setFileId(file.id())
            .setName(file.name())
            .setPath(file.path())
            .setSize(file.size())
            .setType(WireTypes.toWire(file.type()))
            .setSha256(file.sha256())
            .setModifiedMillis(file.modifiedMillis())
            .setScore(file.score())
            .addAllMatchedBy(file.matchedBy());
    file.metadata().forEach((field, values) -> hit.putMetadata(field, joined(values)));
    file.snippets().forEach(snippet -> hit.addSnippets(toProto(snippet)));
    return hit.build();
  }

  /** One file of this node's index as a search result; {@code here} lists hashes this node has. */
  public static NetworkHit toNetworkHit(PeerInfo self, IndexedFile file, Set<String> here) {
    Map<String, String> metadata = new LinkedHashMap<>();
    file.metadata().forEach((field, values) -> metadata.put(field, joined(values)));
    return new NetworkHit(
        new FileRef(self.nodeId(), file.id()).toString(),
        self.nodeId(),
        self.name(),
        file.name(),
        file.path(),
        file.size(),
        file.type(),
        file.sha256(),
        file.modifiedMillis(),
        Collections.unmodifiableMap(metadata),
        file.matchedBy(),
        !file.sha256().isEmpty() && here.contains(file.sha256()),
        file.snippets());
  }

  /**
   * Another node's hit as a search result; empty when its file id cannot form a reference (a
   * malformed answer). {@code here} lists the hashes this node has.
   */
  public static Optional<NetworkHit> toNetworkHit(PeerInfo node, SearchHit hit, Set<String> here) {
    FileRef ref;
    try {
      ref = new FileRef(node.nodeId(), hit.getFileId());
    } catch (DiztlException e) {
      return Optional.empty();
    }
    return Optional.of(
        new NetworkHit(
            ref.toString(),
            node.nodeId(),
            node.name(),
            hit.getName(),
            hit.getPath(),
            hit.getSize(),
            WireTypes.ofFile(hit.getType()),
            hit.getSha256(),
            hit.getModifiedMillis(),
            Collections.unmodifiableMap(new LinkedHashMap<>(hit.getMetadataMap())),
            List.copyOf(hit.getMatchedByList()),
            !hit.getSha256().isEmpty() && here.contains(hit.getSha256()),
            hit.getSnippetsList().stream()
                .limit(Snippet.MAX_PER_HIT)
                .map(SearchMapping::fromProto)
                .toList()));
  }

  /** The wire form of a search result, for the control API (relevance is not kept). */
  public static SearchHit toHit(NetworkHit hit) {
    return SearchHit.newBuilder()
        .setFileId(FileRef.parse(hit.ref()).fileId())
        .setName(hit.name())
        .setPath(hit.path())
        .setSize(hit.size())
        .setType(WireTypes.toWire(hit.type()))
        .setSha256(hit.sha256())
        .setModifiedMillis(hit.modifiedMillis())
        .putAllMetadata(hit.metadata())
        .addAllMatchedBy(hit.matchedBy())
        .addAllSnippets(hit.snippets().stream().map(SearchMapping::toProto).toList())
        .build();
  }

  /** The wire form of a snippet. */
  static io.diztl.proto.v1.Snippet toProto(Snippet snippet) {
    io.diztl.proto.v1.Snippet.Builder proto =
        io.diztl.proto.v1.Snippet.newBuilder().setField(snippet.field()).setText(snippet.text());
    snippet
        .marks()
        .forEach(
            mark -> proto.addMarks(Mark.newBuilder().setStart(mark.start()).setEnd(mark.end())));
    return proto.build();
  }

  /** Another node's snippet: its text cut to the longest allowed, ranges outside it dropped. */
  static Snippet fromProto(io.diztl.proto.v1.Snippet snippet) {
    return Snippet.lenient(
        snippet.getField(),
        snippet.getText(),
        snippet.getMarksList().stream()
            .map(mark -> new Snippet.Range(mark.getStart(), mark.getEnd()))
            .toList());
  }

  /** A node the tracker describes; {@code selfId} is this node's id. */
  public static PeerInfo toPeer(NodeInfo node, String selfId) {
    return new PeerInfo(
        node.getNodeId(),
        node.getName(),
        node.getHost(),
        node.getPort(),
        node.getNodeId().equals(selfId));
  }

  /** The wire form of a node. */
  public static NodeInfo toNodeInfo(PeerInfo peer) {
    return NodeInfo.newBuilder()
        .setNodeId(peer.nodeId())
        .setName(peer.name())
        .setHost(peer.host())
        .setPort(peer.port())
        .build();
  }

  /** A relayed search's summary. */
  public static SearchSummary toSummary(io.diztl.proto.v1.SearchSummary summary) {
    return new SearchSummary(
        summary.getNodes(),
        summary.getAnswered(),
        summary.getFailed(),
        summary.getTimedOut(),
        summary.getSkipped(),
        summary.getNote(),
        summary.getOutcomesList().stream().map(SearchMapping::toOutcome).toList());
  }

  /** The wire form of a search's summary. */
  public static io.diztl.proto.v1.SearchSummary toProto(SearchSummary summary) {
    io.diztl.proto.v1.SearchSummary.Builder proto =
        io.diztl.proto.v1.SearchSummary.newBuilder()
            .setNodes(summary.nodes())
            .setAnswered(summary.answered())
            .setFailed(summary.failed())
            .setTimedOut(summary.timedOut())
            .setSkipped(summary.skipped())
            .setNote(summary.note());
    for (NodeOutcome outcome : summary.outcomes()) {
      proto.addOutcomes(
          io.diztl.proto.v1.NodeOutcome.newBuilder()
              .setNode(
                  NodeInfo.newBuilder().setNodeId(outcome.nodeId()).setName(outcome.nodeName()))
              .setState(toProto(outcome.state()))
              .setElapsedMillis(outcome.elapsedMillis())
              .setHits(outcome.hits())
              .setError(outcome.error()));
    }
    return proto.build();
  }

  private static NodeOutcome toOutcome(io.diztl.proto.v1.NodeOutcome outcome) {
    NodeOutcome.State state =
        switch (outcome.getState()) {
          case STATE_ANSWERED -> NodeOutcome.State.ANSWERED;
          case STATE_TIMED_OUT -> NodeOutcome.State.TIMED_OUT;
          case STATE_SKIPPED -> NodeOutcome.State.SKIPPED;
          case STATE_FAILED, STATE_UNSPECIFIED, UNRECOGNIZED -> NodeOutcome.State.FAILED;
        };
    return new NodeOutcome(
        outcome.getNode().getNodeId(),
        outcome.getNode().getName(),
        state,
        outcome.getElapsedMillis(),
        outcome.getHits(),
        outcome.getError());
  }

  private static io.diztl.proto.v1.NodeOutcome.State toProto(NodeOutcome.State state) {
    return switch (state) {
      case ANSWERED -> io.diztl.proto.v1.NodeOutcome.State.STATE_ANSWERED;
      case FAILED -> io.diztl.proto.v1.NodeOutcome.State.STATE_FAILED;
      case TIMED_OUT -> io.diztl.proto.v1.NodeOutcome.State.STATE_TIMED_OUT;
      case SKIPPED -> io.diztl.proto.v1.NodeOutcome.State.STATE_SKIPPED;
    };
  }

  private static String joined(List<String> values) {
    return String.join(VALUE_SEPARATOR, values);
  }
}
