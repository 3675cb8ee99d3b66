package io.diztl.watcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.DiztlException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShareWatcherTest {

  private static final Duration QUIET = Duration.ofMillis(200);

  @TempDir Path root;
  private ShareWatcher watcher;

  private void start(Duration quiet, ShareWatcher.Listener listener) {
    watcher = ShareWatcher.start(root, quiet, listener);
  }

  @AfterEach
  void stop() {
    if (watcher != null) {
      watcher.close();
    }
  }

  private Path folder() {
    return root.toAbsolutePath().normalize();
  }

  @Test
  void reportsCreatedModifiedAndDeletedFiles() throws IOException {
    RecordingListener listener = new RecordingListener();
    start(QUIET, listener);
    Path file = Files.writeString(folder().resolve("a.txt"), "one");
    listener.await("changed:" + file);

    Files.writeString(file, "two", StandardOpenOption.APPEND);
    listener.await("changed:" + file, 2);

    Files.delete(file);
    listener.await("deleted:" + file);
    assertEquals("deleted:" + file, listener.calls().getLast());
  }

  @Test
  void reportsFilesInFoldersCreatedAfterTheStart() throws IOException {
    RecordingListener listener = new RecordingListener();
    start(QUIET, listener);
    Path nested = Files.createDirectories(folder().resolve("new/deeper/still"));
    Path first = Files.writeString(nested.resolve("first.txt"), "at once");
    listener.await("changed:" + first);

    Path later = Files.writeString(nested.resolve("later.txt"), "after the folder settled");
    listener.await("changed:" + later);
    assertTrue(
        listener.calls().stream().noneMatch(call -> call.endsWith("still")),
        "folders are not reported as changed: " + listener.calls());
  }

  @Test
  void aFileWrittenInBurstsIsReportedOnceWhenQuiet() throws Exception {
    RecordingListener listener = new RecordingListener();
    Duration quiet = Duration.ofSeconds(1);
    Path file = folder().resolve("growing.bin");
    start(quiet, listener);
    long lastWrite;
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int burst = 0; burst < 8; burst++) {
        out.write(new byte[64 * 1024]);
        out.flush();
        Thread.sleep(50);
      }
      lastWrite = System.nanoTime();
    }
    listener.await("changed:" + file);
    Thread.sleep(quiet.toMillis() + 500);
    assertEquals(1, listener.count("changed:" + file), "calls: " + listener.calls());
    assertTrue(
        listener.changeTimes().getFirst() - lastWrite >= quiet.toNanos() / 2,
        "reported only after the writes stopped");
  }

  @Test
  void reportsADeletedFolder() throws IOException {
    Path sub = Files.createDirectories(folder().resolve("album"));
    Path song = Files.writeString(sub.resolve("song.mp3"), "la");
    RecordingListener listener = new RecordingListener();
    start(QUIET, listener);
    Files.delete(song);
    Files.delete(sub);
    listener.await("deleted:" + sub);
    assertTrue(listener.calls().stream().noneMatch(call -> call.startsWith("changed:")));
  }

  @Test
  void aFailingListenerDoesNotStopLaterEvents() throws IOException {
    RecordingListener recorder = new RecordingListener();
    ShareWatcher.Listener failing =
        new ShareWatcher.Listener() {
          @Override
          public void changed(Path file) {
            recorder.changed(file);
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void deleted(Path path) {
            recorder.deleted(path);
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void overflow() {
            recorder.overflow();
          }
        };
    start(QUIET, failing);
    Path first = Files.writeString(folder().resolve("first.txt"), "1");
    recorder.await("changed:" + first);
    Files.delete(first);
    recorder.await("deleted:" + first);
    Path second = Files.writeString(folder().resolve("second.txt"), "2");
    recorder.await("changed:" + second);
  }

  @Test
  void closeIsIdempotentAndStopsReporting() throws Exception {
    RecordingListener listener = new RecordingListener();
    start(QUIET, listener);
    Path before = Files.writeString(folder().resolve("before.txt"), "x");
    listener.await("changed:" + before);
    watcher.close();
    watcher.close();
    Files.writeString(folder().resolve("after.txt"), "y");
    Thread.sleep(QUIET.toMillis() * 3);
    assertEquals(List.of("changed:" + before), listener.calls());
  }

  @Test
  void refusesWhatIsNotAFolder() throws IOException {
    Path file = Files.writeString(folder().resolve("plain.txt"), "x");
    RecordingListener listener = new RecordingListener();
    assertThrows(DiztlException.class, () -> ShareWatcher.start(file, QUIET, listener));
    assertThrows(
        DiztlException.class,
        () -> ShareWatcher.start(folder().resolve("missing"), QUIET, listener));
    assertThrows(
        DiztlException.class, () -> ShareWatcher.start(root, Duration.ofMillis(-1), listener));
  }
}
