package io.diztl.node.internal;

import java.time.Duration;

/** Durations in error messages. */
public final class Durations {

  private Durations() {}

  /** {@code duration} as a person reads it: whole seconds, else milliseconds. */
  public static String text(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }
}
