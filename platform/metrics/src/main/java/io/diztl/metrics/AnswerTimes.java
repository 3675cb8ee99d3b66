package io.diztl.metrics;

import java.time.Duration;

/** The histogram buckets every diztl answer-time meter uses, so that their figures compare. */
public final class AnswerTimes {

  private AnswerTimes() {}

  /** Upper bounds from 1 ms to 10 s, roughly 1-2.5-5 per decade. */
  public static Duration[] buckets() {
    return new Duration[] {
      Duration.ofMillis(1),
      Duration.ofMillis(5),
      Duration.ofMillis(10),
      Duration.ofMillis(25),
      Duration.ofMillis(50),
      Duration.ofMillis(100),
      Duration.ofMillis(250),
      Duration.ofMillis(500),
      Duration.ofSeconds(1),
      Duration.ofMillis(2500),
      Duration.ofSeconds(5),
      Duration.ofSeconds(10)
    };
  }
}
