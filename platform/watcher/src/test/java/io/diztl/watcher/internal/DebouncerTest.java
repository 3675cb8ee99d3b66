package io.diztl.watcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.diztl.watcher.RecordingListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DebouncerTest {

  @Test
  void repeatedChangesAreReportedOnce() throws InterruptedException {
    RecordingListener listener = new RecordingListener();
    try (Debouncer debouncer = new Debouncer(Duration.ofMillis(300), listener)) {
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
  void aDeletionCancelsPendingChangesUnderIt() throws InterruptedException {
    RecordingListener listener = new RecordingListener();
    try (Debouncer debouncer = new Debouncer(Duration.ofMillis(500), listener)) {
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
