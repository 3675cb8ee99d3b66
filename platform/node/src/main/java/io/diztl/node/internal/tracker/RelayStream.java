package io.diztl.node.internal.tracker;

import io.diztl.proto.v1.RelayAnswer;
import io.diztl.proto.v1.RelayFailure;
import io.diztl.proto.v1.RelayHello;
import io.diztl.proto.v1.RelayQuery;
import io.diztl.proto.v1.RelayReply;
import io.diztl.proto.v1.SearchHit;
import io.diztl.proto.v1.SearchResponse;
import io.diztl.proto.v1.TrackerGrpc;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's end of its {@code Relay} stream with its tracker: the tracker sends the searches it
 * relays on it, and each is answered on the same stream by a {@link SearchAnswerer}, within the
 * deadline the tracker gave. Large answers go in parts of at most {@value #PART_BYTES} bytes of
 * hits, well under the tracker's request size limit.
 */
final class RelayStream {

  private static final Logger LOG = LoggerFactory.getLogger(RelayStream.class);

  /** The most bytes of hits in one answer message. */
  static final int PART_BYTES = 256 * 1024;

  private final SearchAnswerer answerer;
  private final ScheduledExecutorService timers;
  private final Consumer<Status> onEnd;
  private ClientCallStreamObserver<RelayReply> out; // guarded by this
  private boolean ended; // guarded by this

  private RelayStream(
      SearchAnswerer answerer, ScheduledExecutorService timers, Consumer<Status> onEnd) {
    this.answerer = answerer;
    this.timers = timers;
    this.onEnd = onEnd;
  }

  /**
   * Opens the stream of node {@code nodeId} on {@code channel} to its tracker; searches arrive on
   * {@code callbacks}, their deadlines run on {@code timers}, and {@code onEnd} hears once how the
   * stream ended (not when {@link #close()} ends it).
   */
  static RelayStream open(
      Channel channel,
      String nodeId,
      SearchAnswerer answerer,
      Executor callbacks,
      ScheduledExecutorService timers,
      Consumer<Status> onEnd) {
    RelayStream stream = new RelayStream(answerer, timers, onEnd);
    // Outside any caller's context: the stream lives as long as the link, not a call.
    Context previous = Context.ROOT.attach();
    try {
      TrackerGrpc.newStub(channel).withExecutor(callbacks).relay(stream.new Queries());
    } finally {
      Context.ROOT.detach(previous);
    }
    stream.send(
        RelayReply.newBuilder().setHello(RelayHello.newBuilder().setNodeId(nodeId)).build());
    return stream;
  }

  /** Whether the stream has ended, so that the link opens a new one. */
  synchronized boolean ended() {
    return ended;
  }

  /** Ends the stream from this side. */
  void close() {
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
      out.onCompleted();
    }
  }

  private synchronized void send(RelayReply reply) {
    if (!ended) {
      out.onNext(reply);
    }
  }

  private void answer(RelayQuery query) {
    long millis = query.getDeadlineMillis();
    Context.CancellableContext search =
        millis > 0
            ? Context.ROOT.withDeadlineAfter(millis, TimeUnit.MILLISECONDS, timers)
            : Context.ROOT.withCancellation();
    Answer answer = new Answer(query.getSearchId(), search);
    try {
      search.run(() -> answerer.search(query.getRequest(), answer));
    } catch (RuntimeException e) {
      LOG.warn("relayed search {} failed: {}", query.getSearchId(), e.toString(), e);
      answer.onError(Status.INTERNAL.withDescription("search failed").asRuntimeException());
    }
  }

  /** Sends {@code hits} as the answer to {@code searchId}, in parts. */
  private void sendHits(long searchId, List<SearchHit> hits) {
    RelayAnswer.Builder part = RelayAnswer.newBuilder().setSearchId(searchId);
    int bytes = 0;
    for (SearchHit hit : hits) {
      int size = hit.getSerializedSize();
      if (bytes > 0 && bytes + size > PART_BYTES) {
        send(RelayReply.newBuilder().setAnswer(part).build());
        part = RelayAnswer.newBuilder().setSearchId(searchId);
        bytes = 0;
      }
      part.addHits(hit);
      bytes += size;
    }
    send(RelayReply.newBuilder().setAnswer(part.setDone(true)).build());
  }

  /** Receives the tracker's queries, and the stream's end. */
  private final class Queries implements ClientResponseObserver<RelayReply, RelayQuery> {
    @Override
    public void beforeStart(ClientCallStreamObserver<RelayReply> requests) {
      synchronized (RelayStream.this) {
        out = requests;
      }
    }

    @Override
    public void onNext(RelayQuery query) {
      answer(query);
    }

    @Override
    public void onError(Throwable t) {
      ended(Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
      ended(Status.OK);
    }

    private void ended(Status status) {
      synchronized (RelayStream.this) {
        if (ended) {
          return;
        }
        ended = true;
      }
      onEnd.accept(status);
    }
  }

  /** One search's answer, sent on the stream once the answerer ends it. */
  private final class Answer implements StreamObserver<SearchResponse> {
    private final long searchId;
    private final Context.CancellableContext search;
    private SearchResponse last = SearchResponse.getDefaultInstance();

    Answer(long searchId, Context.CancellableContext search) {
      this.searchId = searchId;
      this.search = search;
    }

    @Override
    public void onNext(SearchResponse response) {
      last = response;
    }

    @Override
    public void onError(Throwable t) {
      search.cancel(null);
      Status status = Status.fromThrowable(t);
      RelayFailure.Builder failure = RelayFailure.newBuilder().setCode(status.getCode().value());
      if (status.getDescription() != null) {
        failure.setDescription(status.getDescription());
      }
      send(
          RelayReply.newBuilder()
              .setAnswer(
                  RelayAnswer.newBuilder().setSearchId(searchId).setFailure(failure).setDone(true))
              .build());
    }

    @Override
    public void onCompleted() {
      search.cancel(null);
      sendHits(searchId, last.getHitsList());
    }
  }
}
