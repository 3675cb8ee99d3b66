package io.diztl.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.diztl.api.DiztlException;
import io.grpc.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class ErrorsTest {

  @Test
  void showsDiztlMessagesAsTheyAre() {
    assertEquals(
        "node 0000aaaa is not online",
        Errors.describe(new DiztlException("node 0000aaaa is not online")));
  }

  @Test
  void showsTheDescriptionOfAGrpcStatus() {
    assertEquals(
        "file is gone",
        Errors.describe(Status.NOT_FOUND.withDescription("file is gone").asRuntimeException()));
    assertEquals(
        "the node answered deadline exceeded",
        Errors.describe(Status.DEADLINE_EXCEEDED.asRuntimeException()));
  }

  @Test
  void keepsEveryMessageOnOneLine() {
    assertEquals(
        "first line second line",
        Errors.describe(new DiztlException("first line\n  second line\n")));
  }

  @Test
  void namesInputOutputFailures() {
    assertEquals(
        "NoSuchFileException: /nowhere",
        Errors.describe(new UncheckedIOException(new NoSuchFileException("/nowhere"))));
    assertEquals("IOException: disk full", Errors.describe(new IOException("disk full")));
  }

  @Test
  void callsAnythingElseUnexpected() {
    assertEquals(
        "unexpected error: java.lang.IllegalStateException: bug (run with --verbose for details)",
        Errors.describe(new IllegalStateException("bug")));
  }
}
