package io.diztl.watcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.diztl.watcher.QuietPeriod;
import io.diztl.watcher.RecordingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DebouncerTest {

  @Test
  void repeatedChangesAreReportedOnce() throws InterruptedException {
    RecordingListener listener = new RecordingListener();
    try (Debouncer debouncer = new Debouncer(QuietPeriod.fixed(Duration.ofMillis(300)), listener)) {
      Path file = Path.of("/share/file.txt");
      for (int i = 0; i < 5; i++) {
        debouncer.changed(file);
        Thread.sleep(20);
      }
      listener.await("changed:" + file);
      Thread.sleep(600);
      assertEquals(List.of("changed:" + file), listener.calls());
    }
  }

  @Test
  void aFileWrittenAtOnceWaitsOnlyTheShortestQuiet(@TempDir Path share)
      throws IOException, InterruptedException {
    RecordingListener listener = new RecordingListener();
    // The longest quiet is far beyond the listener's patience of 10 s: only the short one can pass.
    QuietPeriod quiet = new QuietPeriod(Duration.ofMillis(20), Duration.ofMinutes(10));
    try (Debouncer debouncer = new Debouncer(quiet, listener)) {
      Path saved = Files.writeString(share.resolve("saved.txt"), "written at once");
      Path empty = Files.createFile(share.resolve("empty.txt"));
      debouncer.changed(saved);
      debouncer.changed(empty);
      listener.await("changed:" + saved);
      Thread.sleep(200);
      assertEquals(List.of("changed:" + saved), listener.calls(), "the empty file waits on");
    }
  }

  @Test
  void aDeletionCancelsPendingChangesUnderIt() throws InterruptedException {
    RecordingListener listener = new RecordingListener();
    try (Debouncer debouncer = new Debouncer(QuietPeriod.fixed(Duration.ofMillis(500)), listener)) {
      debouncer.changed(Path.of("/share/album/one.mp3"));
      debouncer.changed(Path.of("/share/album/cd2/two.mp3"));
      debouncer.changed(Path.of("/share/album2/three.mp3"));
      debouncer.deleted(Path.of("/share/album"));
      debouncer.overflow();
      listener.await("changed:/share/album2/three.mp3");
      Thread.sleep(700);
      assertEquals(
          List.of("deleted:/share/album", "overflow", "changed:/share/album2/three.mp3"),
          listener.calls());
    }
  }
}
