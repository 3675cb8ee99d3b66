package io.diztl.node.internal.transfer.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UploadSlotsTest {

  private static final Duration HINT = Duration.ofSeconds(2);
  private final AtomicLong now = new AtomicLong();
  private final UploadSlots slots = new UploadSlots(2, HINT, now::get);

  @Test
  void givesSlotsUntilAllAreTakenThenQueuesInOrder() {
    assertTrue(slots.tryTake("a").isEmpty());
    assertTrue(slots.tryTake("b").isEmpty());

    assertEquals(Optional.of(new UploadBusy(1, HINT)), slots.tryTake("c"));
    assertEquals(Optional.of(new UploadBusy(2, HINT)), slots.tryTake("d"));
    assertEquals(Optional.of(new UploadBusy(1, HINT)), slots.tryTake("c"), "keeps its place");
    assertEquals(2, slots.taken());
    assertEquals(2, slots.queued());
  }

  @Test
  void aFreedSlotGoesToTheFirstInLineNotToANewcomer() {
    slots.tryTake("a");
    slots.tryTake("b");
    slots.tryTake("c");
    slots.release();

    assertEquals(Optional.of(new UploadBusy(2, HINT)), slots.tryTake("newcomer"));
    assertTrue(slots.tryTake("c").isEmpty(), "the first in line takes the slot");
    assertEquals(Optional.of(new UploadBusy(1, HINT)), slots.tryTake("newcomer"));
  }

  @Test
  void aQueuedRequesterThatStopsAskingLosesItsPlace() {
    slots.tryTake("a");
    slots.tryTake("b");
    slots.tryTake("gone");
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    assertEquals(Optional.of(new UploadBusy(2, HINT)), slots.tryTake("c"));

    now.addAndGet(Duration.ofSeconds(2).toNanos());
    assertEquals(Optional.of(new UploadBusy(1, HINT)), slots.tryTake("c"), "gone expired");
    slots.release();
    assertTrue(slots.tryTake("c").isEmpty());
  }

  @Test
  void theQueueIsBounded() {
    slots.tryTake("a");
    slots.tryTake("b");
    for (int i = 0; i < UploadSlots.MAX_QUEUE + 10; i++) {
      slots.tryTake("q" + i);
    }
    assertEquals(UploadSlots.MAX_QUEUE, slots.queued());
    assertEquals(
        Optional.of(new UploadBusy(UploadSlots.MAX_QUEUE + 1, HINT)), slots.tryTake("late"));
  }

  @Test
  void releasingMoreThanWasTakenIsAnError() {
    assertThrows(IllegalStateException.class, slots::release);
    assertThrows(IllegalArgumentException.class, () -> new UploadSlots(0, HINT));
  }
}
