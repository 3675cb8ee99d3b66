package io.diztl.node.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closes what was opened, in reverse order, logging rather than throwing what fails. */
public final class Closer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Closer.class);

  private record Entry(String what, AutoCloseable resource) {}

  private final Deque<Entry> opened = new ArrayDeque<>();

  /** Remembers {@code resource} (named {@code what} in logs) and returns it. */
  public synchronized <T extends AutoCloseable> T add(String what, T resource) {
    opened.push(new Entry(what, resource));
    return resource;
  }

  /** Closes everything added, last first; never throws. */
  @Override
  public synchronized void close() {
    while (!opened.isEmpty()) {
      Entry entry = opened.pop();
      try {
        entry.resource().close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        LOG.warn("interrupted while closing {}", entry.what());
      } catch (Exception e) {
        LOG.warn("closing {} failed: {}", entry.what(), e.toString(), e);
      }
    }
  }
}
