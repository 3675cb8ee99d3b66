package io.diztl.node.internal.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.node.internal.transfer.limit.UploadBusy;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SenderRetryTest {

  private final List<Duration> waits = new ArrayList<>();

  @Test
  void waitsAsTheBusySenderHintsThenGoesOn() {
    Supplier<String> attempts =
        script(busy(3, Duration.ofSeconds(2)), busy(1, Duration.ofMillis(1)), null);
    assertEquals("done", retry(true).run("file f", attempts));
    assertEquals(List.of(Duration.ofSeconds(2), SenderRetry.MIN_WAIT), waits);
  }

  @Test
  void aHostileHintIsClamped() {
    assertEquals("done", retry(true).run("f", script(busy(1, Duration.ofDays(9)), null)));
    assertEquals(List.of(SenderRetry.MAX_WAIT), waits);
  }

  @Test
  void aCancelledWaitEndsTheDownload() {
    DiztlException e =
        assertThrows(
            DiztlException.class,
            () -> retry(false).run("file f", script(busy(4, Duration.ofSeconds(1)), null)));
    assertEquals(ErrorKind.CANCELLED, e.kind());
    assertEquals(
        "file f was cancelled while it waited for an upload slot, number 4 in the sender's queue",
        e.getMessage());
  }

  @Test
  void aChangedFileIsAskedForAgainAFewTimes() {
    DiztlException changed = changed();
    assertEquals("done", retry(true).run("f", script(changed, changed, null)));
    assertEquals(List.of(), waits, "asked again at once");

    Supplier<String> always =
        () -> {
          throw changed;
        };
    assertSame(changed, assertThrows(DiztlException.class, () -> retry(true).run("f", always)));
  }

  @Test
  void otherFailuresAreNotRetried() {
    DiztlException other =
        new DiztlException(
            ErrorKind.RESOURCE_EXHAUSTED,
            "too many",
            Status.RESOURCE_EXHAUSTED.withDescription("too many").asRuntimeException());
    assertSame(
        other, assertThrows(DiztlException.class, () -> retry(true).run("f", script(other, null))));
  }

  private SenderRetry retry(boolean waitsOut) {
    return new SenderRetry(
        time -> {
          waits.add(time);
          return waitsOut;
        });
  }

  /** Attempts that throw the given failures in turn; a null one succeeds with "done". */
  private static Supplier<String> script(DiztlException... outcomes) {
    List<DiztlException> list = new ArrayList<>(Arrays.asList(outcomes));
    return () -> {
      if (list.isEmpty()) {
        throw new AssertionError("no more attempts expected");
      }
      DiztlException next = list.removeFirst();
      if (next == null) {
        return "done";
      }
      throw next;
    };
  }

  private static DiztlException busy(int position, Duration wait) {
    UploadBusy busy = new UploadBusy(position, wait);
    return new DiztlException(
        ErrorKind.RESOURCE_EXHAUSTED,
        "busy",
        busy.toException(2).getStatus().asRuntimeException(busy.toTrailers()));
  }

  private static DiztlException changed() {
    return new DiztlException(
        ErrorKind.UNAVAILABLE,
        "changed",
        Status.ABORTED.asRuntimeException(SentFileChanged.status("f").getTrailers()));
  }
}
