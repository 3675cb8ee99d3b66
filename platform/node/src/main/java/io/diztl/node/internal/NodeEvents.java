package io.diztl.node.internal;

import io.diztl.api.ui.Cancellable;
import io.diztl.api.ui.NodeEvent;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's events (files indexed or removed, downloads, plugins, the tracker link) for whoever
 * subscribed, such as user interfaces. Events are delivered in order on one daemon thread, so a
 * slow subscriber never holds up the node; when subscribers fall far behind, new events are
 * dropped.
 */
public final class NodeEvents implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NodeEvents.class);

  /** Events waiting for delivery beyond which new ones are dropped. */
  private static final int BACKLOG = 10_000;

  private final List<Consumer<NodeEvent>> subscribers = new CopyOnWriteArrayList<>();
  private final ThreadPoolExecutor delivery =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(BACKLOG),
          Thread.ofPlatform().name("diztl-events").daemon().factory(),
          (event, executor) -> LOG.debug("event dropped: subscribers are too slow"));

  /** Publishes an event now; does nothing when nobody subscribed. */
  public void publish(NodeEvent.Kind kind, String subject, String message) {
    if (subscribers.isEmpty()) {
      return;
    }
    NodeEvent event = new NodeEvent(Instant.now(), kind, subject, message);
    try {
      delivery.execute(() -> deliver(event));
    } catch (RejectedExecutionException e) {
      LOG.debug("event after close dropped: {}", event);
    }
  }

  /** Delivers every later event to {@code subscriber} until the returned handle is cancelled. */
  public Cancellable subscribe(Consumer<NodeEvent> subscriber) {
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
  }

  private void deliver(NodeEvent event) {
    for (Consumer<NodeEvent> subscriber : subscribers) {
      try {
        subscriber.accept(event);
      } catch (RuntimeException e) {
        LOG.warn("an event subscriber failed on {}: {}", event.kind(), e.toString(), e);
      }
    }
  }

  /** Delivers what is queued for up to a second, then stops. */
  @Override
  public void close() {
    delivery.shutdown();
    try {
      if (!delivery.awaitTermination(1, TimeUnit.SECONDS)) {
        delivery.shutdownNow();
      }
    } catch (InterruptedException e) {
      delivery.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
