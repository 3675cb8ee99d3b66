package io.diztl.node.internal.search;

import io.diztl.api.ui.Cancellable;
import io.diztl.api.ui.NetworkHit;
import io.diztl.api.ui.PeerInfo;
import io.diztl.api.ui.SearchSummary;
import io.diztl.node.internal.GrpcErrors;
import io.diztl.node.internal.NodeDirectory;
import io.diztl.proto.v1.NodeResults;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchHit;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * One search relayed through the tracker: turns the tracker's events into diztl's types as they
 * arrive (marking the hits this node already has), learns where the answering nodes listen, and
 * answers locally when the tracker cannot be reached before any event arrived. Once cancelled,
 * nothing more reaches the sink.
 */
public final class RelayedSearch implements StreamObserver<SearchEvent>, Cancellable {

  private final SearchSink sink;
  private final String selfId;
  private final NodeDirectory nodes;
  private final Function<List<String>, Set<String>> here;
  private final Runnable localAnswer;
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private volatile Cancellable call = () -> {};
  private SearchSummary summary;
  private int answered;
  private boolean relayed;

  /**
   * Relays to {@code sink}; {@code here} tells which of some hashes this node has, {@code
   * localAnswer} answers when the tracker is down.
   */
  public RelayedSearch(
      SearchSink sink,
      NodeDirectory nodes,
      Function<List<String>, Set<String>> here,
      Runnable localAnswer) {
    this.sink = sink;
    this.selfId = nodes.self().nodeId();
    this.nodes = nodes;
    this.here = here;
    this.localAnswer = localAnswer;
  }

  /** The tracker call to cancel with the search. */
  public void call(Cancellable trackerCall) {
    call = trackerCall;
    if (cancelled.get()) {
      trackerCall.cancel();
    }
  }

  @Override
  public void onNext(SearchEvent event) {
    relayed = true;
    if (cancelled.get()) {
      return;
    }
    if (event.hasResults()) {
      answered++;
      sink.results(hits(event.getResults()));
    } else if (event.hasSummary()) {
      summary = SearchMapping.toSummary(event.getSummary());
    }
  }

  @Override
  public void onError(Throwable t) {
    if (cancelled.get()) {
      return;
    }
    if (!relayed && GrpcErrors.unreachable(t)) {
      localAnswer.run();
      return;
    }
    sink.failed(GrpcErrors.fromCall("search through the tracker failed", t));
  }

  @Override
  public void onCompleted() {
    if (!cancelled.get()) {
      sink.finished(
          summary != null
              ? summary
              : new SearchSummary(answered, answered, 0, 0, 0, "", List.of()));
    }
  }

  @Override
  public void cancel() {
    if (cancelled.compareAndSet(false, true)) {
      call.cancel();
    }
  }

  private NodeHits hits(NodeResults results) {
    PeerInfo node = SearchMapping.toPeer(results.getNode(), selfId);
    nodes.learn(node);
    Set<String> have =
        here.apply(results.getHitsList().stream().map(SearchHit::getSha256).toList());
    List<NetworkHit> hits =
        results.getHitsList().stream()
            .map(hit -> SearchMapping.toNetworkHit(node, hit, have))
            .flatMap(Optional::stream)
            .toList();
    return new NodeHits(node, results.getElapsedMillis(), hits);
  }
}
