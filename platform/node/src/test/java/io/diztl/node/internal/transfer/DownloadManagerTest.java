package io.diztl.node.internal.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.ui.DownloadInfo;
import io.diztl.api.ui.DownloadListener;
import io.diztl.api.ui.DownloadSource;
import io.diztl.api.ui.DownloadState;
import io.diztl.api.ui.NodeEvent;
import io.diztl.node.FileRef;
import io.diztl.node.internal.NodeEvents;
import io.diztl.node.internal.fetch.DownloadResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloadManagerTest {

  private static final Path TARGET = Path.of("/downloads");

  private final FakeClock clock = new FakeClock();
  private final ScriptedFetcher fetcher = new ScriptedFetcher();
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final NodeEvents events = new NodeEvents();
  private final ManualTimer timer = new ManualTimer();
  private final List<NodeEvent.Kind> published = new CopyOnWriteArrayList<>();
  @TempDir Path data;
  private DownloadManager manager;

  DownloadManagerTest() {
    events.subscribe(event -> published.add(event.kind()));
  }

  @BeforeEach
  void startManager() {
    manager = manager(fetcher);
    manager.restore();
  }

  private DownloadManager manager(FileFetcher with) {
    return new DownloadManager(with, executor, clock, events, 2, new DownloadStore(data), timer);
  }

  @AfterEach
  void stop() {
    manager.close();
    executor.shutdownNow();
    events.close();
  }

  @Test
  void runsThroughItsStatesToDone() throws Exception {
    Recording listener = new Recording();
    DownloadInfo queued = start(1, listener);
    assertEquals("synw3u7n4pfy5s5kzpli3ycazub:" + fileId(1), queued.ref());
    assertEquals("alice", queued.sourceNodeName());

    ScriptedFetcher.Call call = fetcher.next();
    assertEquals(TARGET, call.targetDir);
    assertEquals(DownloadState.RUNNING, info(queued).state());
    call.listener.started("song.mp3", 4000, 1000);
    clock.advance(Duration.ofSeconds(2));
    call.listener.progress(3000, 4000);

    DownloadInfo running = info(queued);
    assertEquals("song.mp3", running.name());
    assertEquals(3000, running.received());
    assertEquals(4000, running.total());
    assertEquals(1000, running.bytesPerSecond(), "2000 new bytes in 2 seconds");
    assertEquals(1, running.etaSeconds());

    call.listener.progress(4000, 4000);
    assertEquals(DownloadState.VERIFYING, info(queued).state());
    call.result.complete(new DownloadResult(Path.of("/downloads/song.mp3"), "ab12", 4000));

    await(() -> info(queued).state() == DownloadState.DONE, "done");
    // The state changes before the listener hears of it.
    await(() -> listener.calls.size() == 4, "the listener hears it completed");
    DownloadInfo done = info(queued);
    assertEquals("/downloads/song.mp3", done.finalPath());
    assertEquals("ab12", done.sha256());
    assertEquals(0, done.bytesPerSecond());
    assertEquals(clock.instant(), done.ended());
    assertEquals(
        List.of(
            "progress song.mp3 1000/4000",
            "progress song.mp3 3000/4000",
            "progress song.mp3 4000/4000",
            "completed /downloads/song.mp3 ab12"),
        listener.calls);
    await(() -> published.size() == 2, "two events");
    assertEquals(
        List.of(NodeEvent.Kind.DOWNLOAD_STARTED, NodeEvent.Kind.DOWNLOAD_COMPLETED), published);
  }

  @Test
  void runsAtMostTheLimitAtOnceAndQueuesTheRestOldestFirst() throws Exception {
    DownloadInfo first = start(1, null);
    DownloadInfo second = start(2, null);
    DownloadInfo third = start(3, null);
    ScriptedFetcher.Call one = fetcher.next();
    fetcher.next();

    assertEquals(DownloadState.QUEUED, info(third).state());
    assertNull(fetcher.calls.peek(), "the third waits");
    assertEquals(
        List.of(third.id(), second.id(), first.id()),
        manager.downloads().stream().map(DownloadInfo::id).toList(),
        "newest first");

    one.fail(new DiztlException(ErrorKind.UNAVAILABLE, "peer gone"));
    ScriptedFetcher.Call three = fetcher.next();
    assertEquals(FileRef.parse(third.ref()), three.ref);
    // The first two start on threads of their own, in either order.
    DownloadInfo failed = info(one.ref.equals(FileRef.parse(first.ref())) ? first : second);
    assertEquals(DownloadState.FAILED, failed.state());
    assertEquals("peer gone", failed.error());
  }

  @Test
  void cancelKeepsWhatWasReceivedAndRetryResumes() throws Exception {
    Recording listener = new Recording();
    DownloadInfo download = start(1, listener);
    ScriptedFetcher.Call call = fetcher.next();
    call.listener.started("big.iso", 10_000, 0);
    call.listener.progress(2500, 10_000);

    manager.cancel(download.id());

    await(() -> info(download).state() == DownloadState.CANCELLED, "cancelled");
    await(() -> listener.failure != null, "the listener hears it was cancelled");
    DownloadInfo cancelled = info(download);
    assertEquals(2500, cancelled.received());
    assertTrue(cancelled.error().contains("2500 bytes kept to resume"), cancelled.error());
    assertEquals(ErrorKind.CANCELLED, listener.failure.kind(), "the listener hears how it ended");

    DownloadInfo retried = manager.retry(download.id());
    assertEquals(DownloadState.QUEUED, retried.state());
    assertEquals(2500, retried.received());
    ScriptedFetcher.Call again = fetcher.next();
    assertEquals(FileRef.parse(download.ref()), again.ref);
    assertEquals(TARGET, again.targetDir);
    assertEquals(DownloadState.RUNNING, info(download).state());
  }

  @Test
  void cancellingAQueuedDownloadNeverStartsIt() throws Exception {
    start(1, null);
    start(2, null);
    Recording listener = new Recording();
    DownloadInfo third = start(3, listener);
    fetcher.next();
    fetcher.next();

    manager.cancel(third.id());

    assertEquals(DownloadState.CANCELLED, info(third).state());
    assertEquals(ErrorKind.CANCELLED, listener.failure.kind());
    manager.cancel(third.id());
    assertTrue(manager.download(third.id()).isEmpty(), "cancelling an ended one forgets it");
  }

  @Test
  void retryIsOnlyForFailedOrCancelledDownloads() throws Exception {
    DownloadInfo running = start(1, null);
    fetcher.next();

    DiztlException busy = assertThrows(DiztlException.class, () -> manager.retry(running.id()));
    assertEquals(ErrorKind.FAILED_PRECONDITION, busy.kind());
    assertEquals(
        ErrorKind.NOT_FOUND,
        assertThrows(DiztlException.class, () -> manager.retry("nope")).kind());
    assertEquals(
        ErrorKind.NOT_FOUND,
        assertThrows(DiztlException.class, () -> manager.cancel("nope")).kind());
  }

  @Test
  void theHandleStopsOnlyWhileTheDownloadRuns() throws Exception {
    DownloadManager.Started started =
        manager.start(ref(1), ExpectedFile.UNKNOWN, TARGET, "", "", null);
    ScriptedFetcher.Call call = fetcher.next();
    call.result.complete(new DownloadResult(Path.of("/downloads/a"), "ff", 1));
    await(() -> info(started.info()).state() == DownloadState.DONE, "done");

    started.handle().cancel();

    assertEquals(DownloadState.DONE, info(started.info()).state(), "still listed, still done");
  }

  @Test
  void aListenerThatThrowsDoesNotBreakTheDownload() throws Exception {
    DownloadListener throwing =
        new Recording() {
          @Override
          public void progress(String name, long received, long total) {
            throw new IllegalStateException("ui bug");
          }
        };
    DownloadInfo download = start(1, throwing);
    ScriptedFetcher.Call call = fetcher.next();
    call.listener.started("a", 1, 0);
    call.result.complete(new DownloadResult(Path.of("/downloads/a"), "ff", 1));

    await(() -> info(download).state() == DownloadState.DONE, "done");
  }

  @Test
  void aRestartQueuesAgainWhatWasQueuedOrRunningAndKeepsThePausedAndTheEnded() throws Exception {
    DownloadInfo done = start(10, null);
    fetcher.next().result.complete(new DownloadResult(Path.of("/downloads/a"), "ff", 1));
    await(() -> info(done).state() == DownloadState.DONE, "done");
    DownloadInfo running = start(1, null);
    ScriptedFetcher.Call call = fetcher.next();
    call.listener.started("big.iso", 10_000, 0);
    call.listener.progress(4000, 10_000);
    DownloadInfo other = start(2, null);
    fetcher.next();
    DownloadInfo queued = start(3, null);
    DownloadInfo paused = start(4, null);
    assertEquals(DownloadState.PAUSED, manager.pause(paused.id()).state());

    manager.close();
    ScriptedFetcher after = new ScriptedFetcher();
    DownloadManager restarted = manager(after);
    restarted.restore();

    try {
      Set<FileRef> resumed = Set.of(after.next().ref, after.next().ref);
      assertEquals(Set.of(ref(1), ref(2)), resumed, "the two that ran, in either order");
      DownloadInfo again = restarted.download(running.id()).orElseThrow();
      assertEquals(DownloadState.RUNNING, again.state());
      assertEquals("big.iso", again.name());
      assertEquals(4000, again.received());
      assertEquals(10_000, again.total());
      assertEquals(running.started(), again.started());
      assertEquals(DownloadState.RUNNING, restarted.download(other.id()).orElseThrow().state());
      assertEquals(DownloadState.QUEUED, restarted.download(queued.id()).orElseThrow().state());
      assertEquals(DownloadState.PAUSED, restarted.download(paused.id()).orElseThrow().state());
      DownloadInfo stillDone = restarted.download(done.id()).orElseThrow();
      assertEquals(DownloadState.DONE, stillDone.state());
      assertEquals("/downloads/a", stillDone.finalPath());
      assertEquals(
          List.of(paused.id(), queued.id(), other.id(), running.id(), done.id()),
          restarted.downloads().stream().map(DownloadInfo::id).toList(),
          "the same order, newest first");
      assertNull(after.calls.peek(), "the third waits, the paused one stays paused");
    } finally {
      restarted.close();
    }
  }

  @Test
  void downloadsStartedBeforeTheSavedOnesAreReadAreKeptWithThem() throws Exception {
    DownloadInfo saved = start(1, null);
    fetcher.next();
    manager.close();

    ScriptedFetcher after = new ScriptedFetcher();
    DownloadManager restarted = manager(after);
    try {
      DownloadInfo early =
          restarted.start(ref(2), ExpectedFile.UNKNOWN, TARGET, "", "", null).info();
      after.next();
      restarted.restore();
      restarted.restore();

      assertEquals(
          List.of(early.id(), saved.id()),
          restarted.downloads().stream().map(DownloadInfo::id).toList());
      assertEquals(ref(1), after.next().ref);
    } finally {
      restarted.close();
    }
  }

  @Test
  void aPausedDownloadKeepsItsPlaceFreeUntilResumed() throws Exception {
    Recording listener = new Recording();
    DownloadInfo first = start(1, listener);
    ScriptedFetcher.Call one = fetcher.next();
    one.listener.started("big.iso", 10_000, 0);
    one.listener.progress(2500, 10_000);
    DownloadInfo second = start(2, null);
    ScriptedFetcher.Call two = fetcher.next();
    DownloadInfo third = start(3, null);

    manager.pause(first.id());

    await(() -> info(first).state() == DownloadState.PAUSED, "paused");
    assertEquals(ref(3), fetcher.next().ref, "the queued one takes the free place");
    await(() -> listener.failure != null, "the listener hears it was paused");
    assertEquals(ErrorKind.CANCELLED, listener.failure.kind());
    assertTrue(
        listener.failure.getMessage().contains("diztl downloads resume " + first.id()),
        listener.failure.getMessage());
    DownloadInfo paused = info(first);
    assertEquals(2500, paused.received(), "what was received is kept");
    assertNull(paused.ended(), "a paused download has not ended");
    assertEquals(paused, manager.pause(first.id()), "pausing again changes nothing");

    assertEquals(DownloadState.QUEUED, manager.resume(first.id()).state());
    assertEquals(DownloadState.RUNNING, info(second).state());
    two.result.complete(new DownloadResult(Path.of("/downloads/b"), "ff", 1));
    assertEquals(ref(1), fetcher.next().ref, "resumed in the place the done one left");
    assertEquals(DownloadState.RUNNING, info(first).state());
    await(() -> info(second).state() == DownloadState.DONE, "done");
    assertEquals(
        ErrorKind.FAILED_PRECONDITION,
        assertThrows(DiztlException.class, () -> manager.pause(second.id())).kind());
    assertEquals(
        ErrorKind.FAILED_PRECONDITION,
        assertThrows(DiztlException.class, () -> manager.resume(third.id())).kind());
  }

  @Test
  void aQueuedDownloadPausesAtOnceAndTheCancelOfAPausedOneEndsIt() throws Exception {
    start(1, null);
    start(2, null);
    fetcher.next();
    fetcher.next();
    DownloadInfo third = start(3, null);

    assertEquals(DownloadState.PAUSED, manager.pause(third.id()).state());
    manager.cancel(third.id());

    assertEquals(DownloadState.CANCELLED, info(third).state());
    assertNull(fetcher.calls.peek(), "never started");
  }

  @Test
  void aDownloadOfAFileAlreadyUnderWayAttachesToIt() throws Exception {
    Recording first = new Recording();
    Recording second = new Recording();
    DownloadInfo under = start(1, first);
    ScriptedFetcher.Call call = fetcher.next();
    DownloadInfo paused = start(2, null);
    fetcher.next();
    manager.pause(paused.id());
    await(() -> info(paused).state() == DownloadState.PAUSED, "paused");

    DownloadInfo attached = start(1, second);
    DownloadInfo resumed = start(2, null);

    assertEquals(under.id(), attached.id());
    assertEquals(paused.id(), resumed.id());
    assertEquals(DownloadState.QUEUED, resumed.state(), "a paused one is queued again");
    assertEquals(2, manager.downloads().size());
    call.listener.progress(10, 20);
    call.result.complete(new DownloadResult(Path.of("/downloads/a"), "ff", 20));
    await(() -> second.calls.size() == 2, "the second caller hears it completed");
    assertEquals(List.of("progress  10/20", "completed /downloads/a ff"), second.calls);
    assertEquals(second.calls, first.calls);
  }

  @Test
  void aDownloadWhoseSourcesAreGoneStaysQueuedWithTheReasonAndIsTriedAgainLater() throws Exception {
    Recording listener = new Recording();
    DownloadInfo download = start(1, listener);
    ScriptedFetcher.Call first = fetcher.next();
    first.listener.started("film.mkv", 1000, 0);
    first.listener.progress(400, 1000);

    first.fail(new SourcesGone("no node that has the content can be reached now"));

    await(() -> timer.pending() == 1, "a retry is set");
    DownloadInfo waiting = info(download);
    assertEquals(DownloadState.QUEUED, waiting.state());
    assertEquals(
        "no node that has the content can be reached now; waiting, tried again in 5 s",
        waiting.error());
    assertEquals(400, waiting.received(), "what was received is kept");
    await(() -> listener.failure != null, "the caller hears it waits");
    assertEquals(ErrorKind.UNAVAILABLE, listener.failure.kind());
    assertTrue(
        listener.failure.getMessage().contains("stays queued"), listener.failure.getMessage());
    assertNull(fetcher.calls.peek(), "not tried again before its time");

    timer.fire();
    ScriptedFetcher.Call second = fetcher.next();
    second.fail(new SourcesGone("still none"));
    await(() -> timer.pending() == 1, "another retry is set");
    assertEquals(List.of(Duration.ofSeconds(5), Duration.ofSeconds(10)), timer.delays);
    assertEquals("still none; waiting, tried again in 10 s", info(download).error());

    timer.fire();
    ScriptedFetcher.Call third = fetcher.next();
    third.listener.started("film.mkv", 1000, 400);
    assertEquals("", info(download).error(), "the reason goes once a source answers");
    third.result.complete(new DownloadResult(Path.of("/downloads/film.mkv"), "ab", 1000));
    await(() -> info(download).state() == DownloadState.DONE, "done");
  }

  @Test
  void aWaitingDownloadPausedOrCancelledIsNotWokenAndAGetWakesItAtOnce() throws Exception {
    DownloadInfo paused = start(1, null);
    fetcher.next().fail(new SourcesGone("gone"));
    await(() -> timer.pending() == 1, "a retry is set");
    manager.pause(paused.id());
    DownloadInfo cancelled = start(2, null);
    fetcher.next().fail(new SourcesGone("gone"));
    await(() -> timer.pending() == 2, "a second retry is set");
    manager.cancel(cancelled.id());
    DownloadInfo asked = start(3, null);
    fetcher.next().fail(new SourcesGone("gone"));
    await(() -> timer.pending() == 3, "a third retry is set");

    start(3, null);

    assertEquals(FileRef.parse(asked.ref()), fetcher.next().ref, "asked again: tried at once");
    timer.fire();
    assertEquals(DownloadState.PAUSED, info(paused).state());
    assertEquals(DownloadState.CANCELLED, info(cancelled).state());
    assertNull(fetcher.calls.poll(200, TimeUnit.MILLISECONDS), "no timer starts one");
  }

  @Test
  void listsEachSourceNodeWithTheBytesItGaveInTheLatestAttempt() throws Exception {
    DownloadInfo download = start(1, null);
    ScriptedFetcher.Call first = fetcher.next();
    first.listener.sourceNodes(
        List.of(new DownloadSource("alice", "Alice", 0), new DownloadSource("bob", "", 0)));
    first.listener.sources(2);
    first.listener.started("film.mkv", 100, 0);
    first.listener.sourceBytes("alice", 30);
    first.listener.sourceBytes("bob", 20);
    first.listener.sourceBytes("alice", 10);
    first.listener.sourceBytes("carol", 5);

    assertEquals(
        List.of(new DownloadSource("alice", "Alice", 40), new DownloadSource("bob", "", 20)),
        info(download).sourceNodes(),
        "a node that is not a source of the attempt is not counted");
    assertEquals(2, info(download).sources());

    first.fail(new SourcesGone("gone"));
    await(() -> timer.pending() == 1, "waits");
    timer.fire();
    ScriptedFetcher.Call second = fetcher.next();
    second.listener.sourceNodes(List.of(new DownloadSource("bob", "", 0)));
    second.listener.sourceBytes("bob", 7);
    assertEquals(List.of(new DownloadSource("bob", "", 7)), info(download).sourceNodes());
  }

  @Test
  void listsTheStrikesOfEachSourceNodeAndWhetherItWasDropped() throws Exception {
    DownloadInfo download = start(1, null);
    ScriptedFetcher.Call call = fetcher.next();
    call.listener.sourceNodes(
        List.of(new DownloadSource("alice", "Alice", 0), new DownloadSource("bob", "", 0)));
    call.listener.sourceBytes("bob", 20);
    call.listener.sourceHealth("bob", 1, false);
    call.listener.sourceBytes("bob", 5);
    call.listener.sourceHealth("alice", 3, true);

    assertEquals(
        List.of(
            new DownloadSource("alice", "Alice", 0, 3, true),
            new DownloadSource("bob", "", 25, 1, false)),
        info(download).sourceNodes());
  }

  @Test
  void otherFailuresStillFail() throws Exception {
    DownloadInfo download = start(1, null);
    fetcher.next().fail(new DiztlException(ErrorKind.FAILED_PRECONDITION, "other content"));

    await(() -> info(download).state() == DownloadState.FAILED, "failed");
    assertEquals(0, timer.pending());
  }

  private DownloadInfo start(int file, DownloadListener listener) {
    return manager.start(ref(file), ExpectedFile.UNKNOWN, TARGET, "", "alice", listener).info();
  }

  private DownloadInfo info(DownloadInfo download) {
    return manager.download(download.id()).orElseThrow();
  }

  private static FileRef ref(int file) {
    return new FileRef("synw3u7n4pfy5s5kzpli3ycazub", fileId(file));
  }

  private static String fileId(int file) {
    return String.format("%024x", file);
  }

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(5);
    }
  }

  /** Records what a download's listener heard. */
  private static class Recording implements DownloadListener {
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile DiztlException failure;

    @Override
    public void progress(String name, long received, long total) {
      calls.add("progress " + name + " " + received + "/" + total);
    }

    @Override
    public void completed(Path path, String sha256) {
      calls.add("completed " + path + " " + sha256);
    }

    @Override
    public void failed(DiztlException error) {
      failure = error;
      calls.add("failed " + error.getMessage());
    }
  }
}
