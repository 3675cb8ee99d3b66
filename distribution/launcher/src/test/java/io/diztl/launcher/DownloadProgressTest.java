package io.diztl.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.diztl.proto.v1.GetProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DownloadProgressTest {

  private static final long MIB = 1024 * 1024;

  private long nanos;

  @Test
  void printsALineEveryTenPercentOrSecondWhenItMovedAndTheEnd() {
    StringWriter text = new StringWriter();
    DownloadProgress.Lines lines = new DownloadProgress.Lines(new PrintWriter(text), () -> nanos);
    GetProgress.Builder progress = GetProgress.newBuilder().setName("a.bin").setTotal(100 * MIB);
    for (long received : new long[] {0, 5, 9, 10, 15, 21, 22}) {
      lines.update(progress.setReceived(received * MIB).build());
    }
    nanos += Duration.ofMillis(1100).toNanos();
    lines.update(progress.setReceived(23 * MIB).build());
    lines.update(progress.setReceived(24 * MIB).build());
    nanos += Duration.ofSeconds(5).toNanos();
    lines.update(progress.setReceived(24 * MIB).build());
    lines.update(progress.setReceived(99 * MIB).build());
    lines.update(progress.setReceived(100 * MIB).setDone(true).build());
    lines.close();
    assertEquals(
        List.of(
            "a.bin: 0% (0 B of 100.0 MiB)",
            "a.bin: 10% (10.0 MiB of 100.0 MiB)",
            "a.bin: 21% (21.0 MiB of 100.0 MiB)",
            "a.bin: 23% (23.0 MiB of 100.0 MiB)",
            "a.bin: 24% (24.0 MiB of 100.0 MiB)",
            "a.bin: 99% (99.0 MiB of 100.0 MiB)",
            "a.bin: 100% (100.0 MiB of 100.0 MiB)"),
        text.toString().lines().toList());
  }

  @Test
  void anEmptyFileIsDoneAtOnce() {
    StringWriter text = new StringWriter();
    DownloadProgress.Lines lines = new DownloadProgress.Lines(new PrintWriter(text), () -> nanos);
    lines.update(GetProgress.newBuilder().setName("empty").setDone(true).build());
    assertEquals(List.of("empty: 100% (0 B of 0 B)"), text.toString().lines().toList());
  }
}
