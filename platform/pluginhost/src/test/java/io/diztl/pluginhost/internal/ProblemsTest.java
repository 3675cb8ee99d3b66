package io.diztl.pluginhost.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class ProblemsTest {

  @Test
  void describesOnOneLineWithCausesNotYetSaid() {
    assertEquals(
        "IllegalStateException: boom", Problems.describe(new IllegalStateException("boom")));
    assertEquals(
        "UncheckedIOException: cannot read (caused by IOException: disk\non fire)"
            .replace("\n", " "),
        Problems.describe(
            new UncheckedIOException("cannot read", new IOException("disk\non fire"))));
    RuntimeException wrapped = new RuntimeException(new IllegalStateException("boom"));
    assertEquals(
        "RuntimeException: java.lang.IllegalStateException: boom", Problems.describe(wrapped));
    assertEquals("NullPointerException", Problems.describe(new NullPointerException()));
  }

  @Test
  void boundsHugeMessagesAndShowsControlCharacters() {
    String huge = "x".repeat(1 << 20);
    String described = Problems.describe(new IllegalStateException(huge, new IOException(huge)));
    assertEquals(Problems.MAX_DESCRIPTION_CHARS + 3, described.length());
    assertEquals("IllegalStateException: xxx", described.substring(0, 26));
    assertEquals("a?[2Jb?c", Problems.echo("a\u001b[2Jb\u0000c"));
    assertEquals(Problems.MAX_ECHO_CHARS + 3, Problems.echo(huge).length());
  }
}
