package io.diztl.tracker.internal;

import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchSummary;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One search answered by several parts (this tracker's relay to its own nodes, and each other
 * tracker's relay to its nodes) as one stream to the caller: results are forwarded as they arrive,
 * and once every part has ended, one summary adds up theirs, so that it counts every node of the
 * network. A part that fails adds a note and counts none of its nodes. Results are written to the
 * caller without a lock ({@link SerialWriter}); only the summaries are added up under one.
 */
final class SearchMerge {

  private final ServerCallStreamObserver<SearchEvent> out;
  private final SerialWriter writer;
  private final Runnable onEnd;
  private final Object lock = new Object();
  private final List<Runnable> cancelHandlers = new ArrayList<>();
  private final SearchSummary.Builder summary = SearchSummary.newBuilder();
  private final List<String> notes = new ArrayList<>();
  private int pending;

  /**
   * Merges {@code parts} parts into {@code out}; {@code onEnd} runs once, after the last part. Call
   * it on the caller's call thread, before any part starts.
   */
  SearchMerge(ServerCallStreamObserver<SearchEvent> out, int parts, Runnable onEnd) {
    this.out = out;
    this.writer = new SerialWriter(out);
    this.onEnd = onEnd;
    this.pending = parts;
    out.setOnCancelHandler(this::cancelled);
  }

  /** {@code part} as a server call of its own, for a {@link SearchRelay}. */
  ServerCallStreamObserver<SearchEvent> asCall(StreamObserver<SearchEvent> part) {
    return new PartCall(this, part);
  }

  /**
   * The stream of one part answered by {@code source}, such as another tracker. It ends at its
   * first {@code onCompleted} or {@code onError}; later ones are ignored.
   */
  StreamObserver<SearchEvent> part(String source) {
    AtomicBoolean ended = new AtomicBoolean();
    return new StreamObserver<>() {
      @Override
      public void onNext(SearchEvent event) {
        if (event.hasSummary()) {
          add(event.getSummary());
        } else {
          forward(event);
        }
      }

      @Override
      public void onError(Throwable t) {
        if (ended.compareAndSet(false, true)) {
          synchronized (lock) {
            notes.add(
                "tracker " + source + " failed: " + SearchRelay.describe(Status.fromThrowable(t)));
          }
          partDone();
        }
      }

      @Override
      public void onCompleted() {
        if (ended.compareAndSet(false, true)) {
          partDone();
        }
      }
    };
  }

  /** Counts {@code count} live nodes that the search leaves out (see routing). */
  void notAsked(int count) {
    synchronized (lock) {
      summary.setNotAsked(summary.getNotAsked() + count);
    }
  }

  boolean isCancelled() {
    return out.isCancelled();
  }

  void onCancel(Runnable handler) {
    synchronized (cancelHandlers) {
      cancelHandlers.add(handler);
    }
  }

  private void cancelled() {
    List<Runnable> handlers;
    synchronized (cancelHandlers) {
      handlers = List.copyOf(cancelHandlers);
    }
    handlers.forEach(Runnable::run);
  }

  private void forward(SearchEvent event) {
    writer.send(event);
  }

  private void add(SearchSummary part) {
    synchronized (lock) {
      summary
          .setNodes(summary.getNodes() + part.getNodes())
          .setAnswered(summary.getAnswered() + part.getAnswered())
          .setFailed(summary.getFailed() + part.getFailed())
          .setTimedOut(summary.getTimedOut() + part.getTimedOut())
          .setSkipped(summary.getSkipped() + part.getSkipped())
          .setNotAsked(summary.getNotAsked() + part.getNotAsked());
      int room = SearchRelay.MAX_OUTCOMES - summary.getOutcomesCount();
      summary.addAllOutcomes(
          part.getOutcomesList().subList(0, Math.min(room, part.getOutcomesCount())));
      if (room < part.getOutcomesCount()) {
        notes.add(
            "outcomes of "
                + (part.getOutcomesCount() - room)
                + " more nodes left out (counts are complete)");
      }
      if (!part.getNote().isEmpty()) {
        notes.add(part.getNote());
      }
    }
  }

  private void partDone() {
    SearchEvent last;
    synchronized (lock) {
      if (--pending > 0) {
        return;
      }
      last = SearchEvent.newBuilder().setSummary(summary.setNote(String.join("; ", notes))).build();
    }
    writer.finish(last);
    onEnd.run();
  }

  /** A part's view of the caller's call: writes go through the merge, cancels come from it. */
  private static final class PartCall extends ServerCallStreamObserver<SearchEvent> {
    private final SearchMerge merge;
    private final StreamObserver<SearchEvent> part;

    PartCall(SearchMerge merge, StreamObserver<SearchEvent> part) {
      this.merge = merge;
      this.part = part;
    }

    @Override
    public boolean isCancelled() {
      return merge.isCancelled();
    }

    @Override
    public void setOnCancelHandler(Runnable onCancelHandler) {
      merge.onCancel(onCancelHandler);
    }

    @Override
    public void setCompression(String compression) {
      throw new UnsupportedOperationException("a search part sets no compression");
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setOnReadyHandler(Runnable onReadyHandler) {
      throw new UnsupportedOperationException("a search part has no flow control");
    }

    @Override
    public void disableAutoInboundFlowControl() {
      throw new UnsupportedOperationException("a search part has no flow control");
    }

    @Override
    public void request(int count) {
      throw new UnsupportedOperationException("a search part has no flow control");
    }

    @Override
    public void setMessageCompression(boolean enable) {
      throw new UnsupportedOperationException("a search part sets no compression");
    }

    @Override
    public void onNext(SearchEvent value) {
      part.onNext(value);
    }

    @Override
    public void onError(Throwable t) {
      part.onError(t);
    }

    @Override
    public void onCompleted() {
      part.onCompleted();
    }
  }
}
