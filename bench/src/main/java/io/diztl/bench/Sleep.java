package io.diztl.bench;

/** Sleeps without checked exceptions: the harness ends on interruption anyway. */
final class Sleep {

  private Sleep() {}

  static void millis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
