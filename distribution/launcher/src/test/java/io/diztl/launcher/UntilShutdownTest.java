package io.diztl.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class UntilShutdownTest {

  @Test
  void closesInOrderEvenAfterAFailure() {
    List<String> closed = new CopyOnWriteArrayList<>();
    AutoCloseable node =
        () -> {
          closed.add("node");
          throw new IllegalStateException("boom");
        };
    AutoCloseable tracker = () -> closed.add("tracker");
    assertTrue(UntilShutdown.closeAll(List.of(node, tracker), Duration.ofSeconds(10)));
    assertEquals(List.of("node", "tracker"), closed);
  }

  @Test
  void givesUpAfterTheBound() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    AutoCloseable stuck = release::await;
    try {
      assertFalse(UntilShutdown.closeAll(List.of(stuck), Duration.ofMillis(100)));
    } finally {
      release.countDown();
    }
  }
}
