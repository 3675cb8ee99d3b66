package io.diztl.tracker.internal;

import io.diztl.proto.v1.RelayAnswer;
import io.diztl.proto.v1.SearchHit;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's open {@code Relay} stream: the tracker writes it each search the node is asked and
 * hands each answer that comes back to whoever waits for it. An answer counts only for a search
 * sent on this stream and still waited for, so a node answers for itself alone.
 *
 * <p>The tracker never queues for a node that reads too slowly: while the stream is not ready (its
 * transport holds more unsent bytes than gRPC's threshold) or {@link #MAX_WAITING} of its searches
 * are unanswered, a search is not sent and the caller is told, so that one slow node costs a
 * bounded amount of memory.
 */
final class NodeStream {

  private static final Logger LOG = LoggerFactory.getLogger(NodeStream.class);

  /** The most searches one node may leave unanswered on its stream at once. */
  static final int MAX_WAITING = 64;

  /** How a {@link #send} went. */
  enum Sent {
    /** Written to the stream: the waiter hears of the answer, or of the stream's end. */
    SENT,
    /** The stream has ended: ask the node another way. */
    ENDED,
    /** The node reads or answers too slowly: the search was not sent to it. */
    BACKED_UP
  }

  /** Waits for one node's answer to one search; called at most once, on any thread. */
  interface Waiter {
    /** The node answered with {@code hits}. */
    void answered(List<SearchHit> hits);

    /** The node failed the search, or its answer was refused. */
    void failed(Status status);

    /** The stream ended before the node answered. */
    void lost();
  }

  private final String nodeId;
  private final ServerCall<?, byte[]> call;
  private final Map<Long, Pending> waiting = new ConcurrentHashMap<>();
  private boolean ended; // guarded by this

  /** Wraps an accepted call of node {@code nodeId} and sends its headers. */
  NodeStream(String nodeId, ServerCall<?, byte[]> call) {
    this.nodeId = nodeId;
    this.call = call;
    call.sendHeaders(new Metadata());
  }

  String nodeId() {
    return nodeId;
  }

  /**
   * Writes {@code query} (a serialised {@code RelayQuery} of {@code searchId}) to the node, unless
   * the stream has ended or is backed up; {@code waiter} hears of the answer.
   */
  Sent send(long searchId, byte[] query, Waiter waiter) {
    synchronized (this) {
      if (ended) {
        return Sent.ENDED;
      }
      if (!call.isReady() || waiting.size() >= MAX_WAITING) {
        return Sent.BACKED_UP;
      }
      waiting.put(searchId, new Pending(waiter));
      call.sendMessage(query);
    }
    return Sent.SENT;
  }

  /** Stops waiting for {@code waiter}'s answer; true when it was still waited for. */
  boolean forget(long searchId, Waiter waiter) {
    Pending pending = waiting.get(searchId);
    return pending != null && pending.waiter == waiter && waiting.remove(searchId, pending);
  }

  /** How many searches wait for an answer on this stream. */
  int waiting() {
    return waiting.size();
  }

  /** Takes one part of an answer; the stream's messages come one at a time. */
  void received(RelayAnswer answer) {
    long id = answer.getSearchId();
    Pending pending = waiting.get(id);
    if (pending == null) {
      LOG.debug("node {} answered search {}, which it was not sent or ended", nodeId, id);
      return;
    }
    if (answer.hasFailure()) {
      if (waiting.remove(id, pending)) {
        int code = answer.getFailure().getCode();
        Status status = code == 0 ? Status.UNKNOWN : Status.fromCodeValue(code);
        pending.waiter.failed(status.withDescription(answer.getFailure().getDescription()));
      }
      return;
    }
    List<SearchHit> hits = answer.getHitsList();
    for (SearchHit hit : hits) {
      pending.bytes += hit.getSerializedSize();
    }
    if (pending.bytes > SearchRelay.MAX_NODE_ANSWER_BYTES) {
      if (waiting.remove(id, pending)) {
        pending.waiter.failed(
            Status.RESOURCE_EXHAUSTED.withDescription(
                "answer larger than " + SearchRelay.MAX_NODE_ANSWER_BYTES + " bytes"));
      }
    } else if (!answer.getDone()) {
      pending.hits.addAll(hits);
    } else if (waiting.remove(id, pending)) {
      // An answer in one part, as most are, is handed on as it was parsed.
      if (!pending.hits.isEmpty()) {
        pending.hits.addAll(hits);
        hits = pending.hits;
      }
      pending.waiter.answered(hits);
    }
  }

  /**
   * Ends the stream: closes the call with {@code status} unless it is closed already ({@code
   * closeCall} false), and tells every waiter it is lost.
   */
  void end(Status status, boolean closeCall) {
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
      if (closeCall) {
        call.close(status, new Metadata());
      }
    }
    for (Long id : List.copyOf(waiting.keySet())) {
      Pending pending = waiting.remove(id);
      if (pending != null) {
        pending.waiter.lost();
      }
    }
  }

  /** One search waited for, with the parts of its answer so far. */
  private static final class Pending {
    final Waiter waiter;
    final List<SearchHit> hits = new ArrayList<>(0);
    long bytes;

    Pending(Waiter waiter) {
      this.waiter = waiter;
    }
  }
}
