package io.diztl.ui.web;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Tells the long-running responses (event streams) that the server is stopping. */
final class Shutdown {

  private final CountDownLatch stopping = new CountDownLatch(1);

  /** Waits up to {@code time}; true when the server is stopping. */
  boolean await(Duration time) throws InterruptedException {
    return stopping.await(time.toMillis(), TimeUnit.MILLISECONDS);
  }

  boolean stopping() {
    return stopping.getCount() == 0;
  }

  void stop() {
    stopping.countDown();
  }
}
