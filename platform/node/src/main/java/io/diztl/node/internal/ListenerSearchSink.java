package io.diztl.node.internal;

import io.diztl.api.DiztlException;
import io.diztl.api.FileType;
import io.diztl.api.ui.Cancellable;
import io.diztl.api.ui.NetworkHit;
import io.diztl.api.ui.SearchListener;
import io.diztl.node.FileRef;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.NodeResults;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchHit;
import io.diztl.proto.v1.SearchSummary;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A search's events for a user interface's {@link SearchListener}, as {@link NetworkHit}s; also the
 * handle that cancels the search. Nothing reaches the listener after it cancelled, and a listener
 * that throws is logged, not allowed to break the search.
 */
final class ListenerSearchSink implements SearchSink, Cancellable {

  private static final Logger LOG = LoggerFactory.getLogger(ListenerSearchSink.class);

  private final SearchListener listener;
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile Runnable onCancel;
  private SearchSummary summary = SearchSummary.getDefaultInstance();

  ListenerSearchSink(SearchListener listener) {
    this.listener = listener;
  }

  @Override
  public void event(SearchEvent event) {
    if (cancelled.get()) {
      return;
    }
    if (event.hasResults()) {
      List<NetworkHit> hits = hits(event.getResults());
      tell(() -> listener.results(hits));
    } else if (event.hasSummary()) {
      summary = event.getSummary();
    }
  }

  @Override
  public void completed() {
    if (!cancelled.get() && ended.compareAndSet(false, true)) {
      SearchSummary last = summary;
      tell(
          () ->
              listener.finished(
                  last.getNodes(),
                  last.getAnswered(),
                  last.getFailed(),
                  last.getTimedOut(),
                  last.getNote()));
    }
  }

  @Override
  public void failed(StatusRuntimeException error) {
    if (!cancelled.get() && ended.compareAndSet(false, true)) {
      tell(() -> listener.failed(GrpcErrors.describe(error)));
    }
  }

  /** Fails the search before it started, with a message for the user. */
  void failed(String message) {
    if (ended.compareAndSet(false, true)) {
      tell(() -> listener.failed(message));
    }
  }

  @Override
  public boolean cancelled() {
    return cancelled.get();
  }

  @Override
  public void onCancel(Runnable handler) {
    onCancel = handler;
    if (cancelled.get()) {
      handler.run();
    }
  }

  @Override
  public void cancel() {
    if (cancelled.compareAndSet(false, true)) {
      Runnable handler = onCancel;
      if (handler != null) {
        handler.run();
      }
    }
  }

  private void tell(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("a search listener failed: {}", e.toString(), e);
    }
  }

  /** The hits of one node's results as the user interface sees them. */
  static List<NetworkHit> hits(NodeResults results) {
    NodeInfo node = results.getNode();
    return results.getHitsList().stream().map(hit -> hit(node, hit)).toList();
  }

  private static NetworkHit hit(NodeInfo node, SearchHit hit) {
    return new NetworkHit(
        new FileRef(node.getNodeId(), hit.getFileId()).toString(),
        node.getNodeId(),
        node.getName(),
        hit.getName(),
        hit.getPath(),
        hit.getSize(),
        type(hit.getType()),
        hit.getSha256(),
        hit.getMetadataMap(),
        hit.getMatchedByList());
  }

  private static FileType type(io.diztl.proto.v1.FileType type) {
    try {
      return SearchMapping.fromProto(type).orElse(FileType.OTHER);
    } catch (DiztlException e) {
      return FileType.OTHER;
    }
  }
}
