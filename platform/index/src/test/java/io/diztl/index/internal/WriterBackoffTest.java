package io.diztl.index.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WriterBackoffTest {

  @Test
  void doublesUpToTheLastWaitAndStartsOverAfterAReset() {
    WriterBackoff backoff = new WriterBackoff(Duration.ofSeconds(1), Duration.ofSeconds(5));
    assertEquals(Duration.ofSeconds(1), backoff.next());
    assertEquals(Duration.ofSeconds(2), backoff.next());
    assertEquals(Duration.ofSeconds(4), backoff.next());
    assertEquals(Duration.ofSeconds(5), backoff.next());
    assertEquals(Duration.ofSeconds(5), backoff.next());
    assertEquals(Duration.ofSeconds(5), backoff.current());
    backoff.reset();
    assertEquals(Duration.ofSeconds(1), backoff.next());
  }
}
