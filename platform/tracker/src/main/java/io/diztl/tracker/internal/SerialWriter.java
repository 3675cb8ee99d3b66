package io.diztl.tracker.internal;

import io.diztl.proto.v1.SearchEvent;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes the events of one search to the caller's call from any number of threads without a lock:
 * each event is queued, and whichever thread finds no other writing drains the queue, so that the
 * call sees one writer at a time and no thread waits for another. Events after the caller has gone
 * are dropped.
 */
final class SerialWriter {

  private static final Object END = new Object();

  private final ServerCallStreamObserver<SearchEvent> out;
  private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger wip = new AtomicInteger();
  private boolean ended; // only the draining thread reads and writes it

  SerialWriter(ServerCallStreamObserver<SearchEvent> out) {
    this.out = out;
  }

  /** Sends {@code event} to the caller. */
  void send(SearchEvent event) {
    queue.add(event);
    drain();
  }

  /** Sends {@code last} and ends the call; nothing is sent after it. */
  void finish(SearchEvent last) {
    queue.add(last);
    queue.add(END);
    drain();
  }

  private void drain() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    do {
      for (Object next = queue.poll(); next != null; next = queue.poll()) {
        if (ended || out.isCancelled()) {
          continue;
        }
        if (next == END) {
          ended = true;
          out.onCompleted();
        } else {
          out.onNext((SearchEvent) next);
        }
      }
    } while (wip.decrementAndGet() != 0);
  }
}
