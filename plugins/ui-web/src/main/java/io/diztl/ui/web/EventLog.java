package io.diztl.ui.web;

import io.diztl.api.ui.NodeEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The node's latest events, each with an id one higher than the one before, so that a client that
 * reconnects with {@code Last-Event-ID} gets what it missed. Keeps the last {@link #CAPACITY}.
 * Thread-safe; readers wait for new events with {@link #after}.
 */
final class EventLog implements Consumer<NodeEvent> {

  static final int CAPACITY = 1000;

  private final Deque<LoggedEvent> entries = new ArrayDeque<>();
  private long lastId;
  private boolean closed;

  @Override
  public synchronized void accept(NodeEvent event) {
    if (entries.size() == CAPACITY) {
      entries.removeFirst();
    }
    entries.addLast(new LoggedEvent(++lastId, event));
    notifyAll();
  }

  /** The id of the newest event, 0 before the first. */
  synchronized long lastId() {
    return lastId;
  }

  /** The newest {@code count} events, newest first. */
  synchronized List<LoggedEvent> newest(int count) {
    List<LoggedEvent> newest = new ArrayList<>(Math.min(count, entries.size()));
    var it = entries.descendingIterator();
    while (it.hasNext() && newest.size() < count) {
      newest.add(it.next());
    }
    return newest;
  }

  /**
   * The events after {@code id}, oldest first, waiting up to {@code wait} for one when there are
   * none; empty on time-out or once closed. An id from the future (a previous run of the node)
   * gives every event kept.
   */
  synchronized List<LoggedEvent> after(long id, Duration wait) throws InterruptedException {
    long from = id > lastId ? 0 : id;
    long deadline = System.nanoTime() + wait.toNanos();
    while (!closed && lastId <= from) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return List.of();
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return entries.stream().filter(entry -> entry.id() > from).toList();
  }

  /** Wakes every waiting reader for good. */
  synchronized void close() {
    closed = true;
    notifyAll();
  }

  synchronized boolean closed() {
    return closed;
  }
}
