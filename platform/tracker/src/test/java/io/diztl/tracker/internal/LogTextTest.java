package io.diztl.tracker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class LogTextTest {

  @Test
  void lineBreaksControlAndBidiCharactersAreEscaped() {
    assertEquals(
        "evil\\n12:00 INFO forged \\u202ename\\u0000\\\\x",
        LogText.of("evil\n12:00 INFO forged \u202Ename\u0000\\x"));
    assertEquals("null", LogText.of(null));
  }

  @Test
  void longTextIsCutWithItsLength() {
    String logged = LogText.of("a".repeat(1 << 20));

    assertEquals("a".repeat(LogText.MAX_CHARS) + "...(1048576 chars)", logged);
  }

  @Test
  void cutNeverSplitsACharacter() {
    String logged = LogText.of("b".repeat(LogText.MAX_CHARS - 1) + "\uD83D\uDE00".repeat(5));

    assertEquals("b".repeat(LogText.MAX_CHARS - 1) + "...(89 chars)", logged);
  }

  @Test
  void gateLetsAFewLinesASecondThroughAndCountsTheRest() {
    AtomicLong now = new AtomicLong();
    Logger log = mock(Logger.class);
    LogGate gate = new LogGate(3, now::get);

    for (int i = 0; i < 10; i++) {
      gate.info(log, "line {}", i);
    }
    now.addAndGet(TimeUnit.SECONDS.toNanos(1));
    gate.info(log, "line {}", 10);

    List<String> lines =
        mockingDetails(log).getInvocations().stream()
            .map(call -> call.getArgument(0) + " " + call.getArgument(1))
            .toList();
    assertEquals(
        List.of(
            "line {} 0",
            "line {} 1",
            "line {} 2",
            "{} similar log lines were dropped (more than {} a second) 7",
            "line {} 10"),
        lines);
    assertTrue(lines.stream().noneMatch(line -> line.endsWith(" 3")), "line 3 was dropped");
  }
}
