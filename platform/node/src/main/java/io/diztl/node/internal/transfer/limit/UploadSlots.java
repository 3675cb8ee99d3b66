package io.diztl.node.internal.transfer.limit;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The upload slots of a node: how many downloads it sends at once, and the queue of those that
 * asked while all were taken. A requester who was refused keeps its place as long as it asks again
 * within a few retry hints; when a slot frees, it goes to the first in line who asks, not to a
 * newcomer. Thread-safe.
 */
public final class UploadSlots {

  /** How many retry hints a queued requester may let pass before it loses its place. */
  private static final int PATIENCE = 3;

  /** The most requesters remembered in the queue; those beyond are told where they are only. */
  static final int MAX_QUEUE = 1024;

  private final int slots;
  private final Duration retryAfter;
  private final LongSupplier nanoTime;
  private final long expiryNanos;

  /** Queued requesters, first in line first, each with when it last asked. */
  private final LinkedHashMap<String, Long> queue = new LinkedHashMap<>();

  private int taken;

  /**
   * Slots for {@code slots} uploads at once; refused requesters are told to ask again after {@code
   * retryAfter}.
   */
  public UploadSlots(int slots, Duration retryAfter) {
    this(slots, retryAfter, System::nanoTime);
  }

  UploadSlots(int slots, Duration retryAfter, LongSupplier nanoTime) {
    if (slots < 1) {
      throw new IllegalArgumentException("upload slots must be 1 or more, found " + slots);
    }
    this.slots = slots;
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    this.nanoTime = nanoTime;
    this.expiryNanos = retryAfter.toNanos() * PATIENCE + Duration.ofSeconds(5).toNanos();
  }

  /** How many slots there are. */
  public int slots() {
    return slots;
  }

  /**
   * Takes a slot for {@code requester} (such as an address and file id) if one is free and no one
   * queued before it is still waiting for it.
   *
   * @return empty when a slot was taken (give it back with {@link #release}), else the requester's
   *     place in the queue
   */
  public synchronized Optional<UploadBusy> tryTake(String requester) {
    Objects.requireNonNull(requester, "requester");
    long now = nanoTime.getAsLong();
    dropExpired(now);
    int ahead = 0;
    for (String queued : queue.keySet()) {
      if (queued.equals(requester)) {
        break;
      }
      ahead++;
    }
    if (ahead < slots - taken) {
      queue.remove(requester);
      taken++;
      return Optional.empty();
    }
    if (ahead < queue.size() || queue.size() < MAX_QUEUE) {
      queue.put(requester, now);
    }
    return Optional.of(new UploadBusy(ahead + 1, retryAfter));
  }

  /** Gives back a slot taken with {@link #tryTake}. */
  public synchronized void release() {
    if (taken == 0) {
      throw new IllegalStateException("no upload slot is taken");
    }
    taken--;
  }

  /** How many slots are taken now. */
  public synchronized int taken() {
    return taken;
  }

  /** How many requesters wait in the queue now. */
  public synchronized int queued() {
    dropExpired(nanoTime.getAsLong());
    return queue.size();
  }

  private void dropExpired(long now) {
    Iterator<Map.Entry<String, Long>> entries = queue.entrySet().iterator();
    while (entries.hasNext()) {
      if (now - entries.next().getValue() >= expiryNanos) {
        entries.remove();
      }
    }
  }
}
