package io.diztl.node.internal.transfer;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.ui.Cancellable;
import io.diztl.api.ui.DownloadInfo;
import io.diztl.api.ui.DownloadListener;
import io.diztl.api.ui.DownloadSource;
import io.diztl.api.ui.DownloadState;
import io.diztl.api.ui.NodeEvent;
import io.diztl.node.FileRef;
import io.diztl.node.internal.NodeEvents;
import io.diztl.node.internal.fetch.DownloadResult;
import io.diztl.proto.v1.StoredDownload;
import io.grpc.Context;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every download of the node, whoever asked for it: gives each an id, runs at most a few at once
 * (the rest wait, queued, oldest first), follows each one's state, bytes and recent speed, cancels
 * (keeping what was received) and retries (resuming it), and publishes how each went as node
 * events. Pauses and resumes them. Keeps the whole list in a {@link DownloadStore}, so that after a
 * restart {@link #restore} queues again what was queued or running. Thread-safe; listeners are told
 * on the downloading thread, outside the manager's lock.
 */
public final class DownloadManager implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DownloadManager.class);

  /** Ended downloads remembered; the oldest are forgotten first. */
  static final int HISTORY = 1000;

  /** How long a download whose sources are all gone first waits before it is tried again. */
  static final Duration FIRST_WAIT = Duration.ofSeconds(5);

  /** The longest it waits between two tries; the wait doubles up to it. */
  static final Duration LONGEST_WAIT = Duration.ofMinutes(5);

  private final FileFetcher fetcher;
  private final Executor executor;
  private final InstantSource clock;
  private final NodeEvents events;
  private final int maxRunning;
  private final DownloadStore store;
  private final RetryTimer timer;
  private final Map<String, Download> downloads = new LinkedHashMap<>();
  private final Deque<Download> queue = new ArrayDeque<>();
  private int running;
  private boolean closed;
  private boolean restored;

  /**
   * A manager that fetches with {@code fetcher} on threads of {@code executor}, at most {@code
   * maxRunning} at once, timing with {@code clock}, keeping the list in {@code store} once {@link
   * #restore} has read it; a download whose sources are all gone ({@link SourcesGone}) stays queued
   * and is tried again by {@code timer}, after a wait that doubles each time.
   */
  public DownloadManager(
      FileFetcher fetcher,
      Executor executor,
      InstantSource clock,
      NodeEvents events,
      int maxRunning,
      DownloadStore store,
      RetryTimer timer) {
    if (maxRunning < 1) {
      throw new IllegalArgumentException("maxRunning must be at least 1, found " + maxRunning);
    }
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.events = Objects.requireNonNull(events, "events");
    this.maxRunning = maxRunning;
    this.store = Objects.requireNonNull(store, "store");
    this.timer = Objects.requireNonNull(timer, "timer");
  }

  /**
   * Reads the downloads saved before the last stop, once: those that were queued or running are
   * queued again and resume from what their partials hold, paused ones stay paused. Later calls do
   * nothing. Until it is called nothing is saved, so that the saved list is not lost.
   */
  public void restore() {
    synchronized (this) {
      if (restored || closed) {
        return;
      }
      restored = true;
      Map<String, Download> started = new LinkedHashMap<>(downloads);
      downloads.clear();
      List<Download> again = new ArrayList<>();
      for (StoredDownload saved : store.load()) {
        try {
          Download download = Download.restored(saved, clock);
          if (!started.containsKey(download.id)) {
            downloads.put(download.id, download);
            if (download.state == DownloadState.QUEUED) {
              again.add(download);
            }
          }
        } catch (RuntimeException e) {
          LOG.warn("dropping a saved download this node cannot read ({}): {}", saved.getRef(), e);
        }
      }
      downloads.putAll(started);
      again.reversed().forEach(queue::addFirst);
      forgetOldEnded();
      persist();
      if (!again.isEmpty()) {
        LOG.info("queued {} downloads again from before the restart", again.size());
      }
    }
    pump();
  }

  /**
   * Queues a download of {@code ref} into {@code targetDir}; when a download of the same file or
   * content has not ended yet (such as one taken up again after a restart), attaches {@code
   * listener} to it instead, and queues it again if it was paused.
   *
   * @param expected what a search hit or listing said of the file, {@link ExpectedFile#UNKNOWN} if
   *     nothing
   * @param name the file name when known (from a listing), else empty
   * @param sourceName the source node's name when known, else empty
   * @param listener told how it goes until it ends, or null
   * @return the download as queued, and a handle that stops it while it has not ended
   */
  public Started start(
      FileRef ref,
      ExpectedFile expected,
      Path targetDir,
      String name,
      String sourceName,
      DownloadListener listener) {
    Objects.requireNonNull(expected, "expected");
    Download download;
    DownloadInfo queued;
    boolean attached;
    synchronized (this) {
      download = unfinished(ref, expected).orElse(null);
      attached = download != null;
      if (attached) {
        download.listener = Listeners.both(download.listener, listener);
        if (download.state == DownloadState.PAUSED || download.waiting) {
          download.state = DownloadState.QUEUED;
          download.waiting = false;
          queue.addLast(download);
          persist();
        }
        queued = download.info();
      } else {
        download =
            new Download(
                newId(),
                ref,
                expected,
                targetDir,
                name,
                sourceName,
                clock.instant(),
                clock,
                listener);
        downloads.put(download.id, download);
        forgetOldEnded();
        queue.addLast(download);
        persist();
        queued = download.info();
      }
    }
    if (attached) {
      LOG.info("attached to download {} of {}, already under way", download.id, ref);
    }
    pump();
    String id = download.id;
    return new Started(queued, () -> stop(id));
  }

  private Optional<Download> unfinished(FileRef ref, ExpectedFile expected) {
    return downloads.values().stream()
        .filter(Download::active)
        .filter(
            d ->
                d.ref.equals(ref)
                    || (!expected.sha256().isEmpty()
                        && expected.sha256().equals(d.expected.sha256())))
        .findFirst();
  }

  /** A download just queued, and a handle that stops it while it has not ended. */
  public record Started(DownloadInfo info, Cancellable handle) {}

  /** Every download, newest first. */
  public synchronized List<DownloadInfo> downloads() {
    List<DownloadInfo> all = new ArrayList<>(downloads.size());
    downloads.values().forEach(download -> all.add(download.info()));
    return all.reversed();
  }

  /** One download. */
  public synchronized Optional<DownloadInfo> download(String id) {
    return Optional.ofNullable(downloads.get(id)).map(Download::info);
  }

  /**
   * Cancels a queued or running download, keeping what was received; forgets an ended one.
   *
   * @throws DiztlException {@code NOT_FOUND} for an unknown id
   */
  public void cancel(String id) {
    synchronized (this) {
      Download download = find(id);
      if (!download.active()) {
        downloads.remove(id);
        persist();
        return;
      }
    }
    stop(id);
  }

  /**
   * Queues a failed or cancelled download again; it resumes from what was received.
   *
   * @throws DiztlException {@code NOT_FOUND} for an unknown id, {@code FAILED_PRECONDITION} for one
   *     that is queued, running or done
   */
  public DownloadInfo retry(String id) {
    return requeue(id, DownloadState.FAILED, DownloadState.CANCELLED);
  }

  /**
   * Queues a paused, failed or cancelled download again; it resumes from what was received.
   *
   * @throws DiztlException {@code NOT_FOUND} for an unknown id, {@code FAILED_PRECONDITION} for one
   *     that is queued, running or done
   */
  public DownloadInfo resume(String id) {
    return requeue(id, DownloadState.PAUSED, DownloadState.FAILED, DownloadState.CANCELLED);
  }

  /**
   * Pauses a queued or running download: what was received is kept and it does not start again
   * until {@link #resume resumed}, across restarts too. Pausing a paused download does nothing.
   *
   * @return the download as it is now: a running one becomes paused once its attempt has stopped
   * @throws DiztlException {@code NOT_FOUND} for an unknown id, {@code FAILED_PRECONDITION} for one
   *     that has ended
   */
  public DownloadInfo pause(String id) {
    DownloadListener told = null;
    DiztlException why = null;
    DownloadInfo now;
    synchronized (this) {
      Download download = find(id);
      if (download.state.ended()) {
        throw new DiztlException(
            ErrorKind.FAILED_PRECONDITION,
            "download " + id + " is " + named(download.state) + ": only an unfinished one pauses");
      }
      if (download.running()) {
        download.pausing = true;
        download.context.cancel(null);
      } else if (download.state == DownloadState.QUEUED) {
        queue.remove(download);
        download.state = DownloadState.PAUSED;
        download.waiting = false;
        why = paused(download);
        told = download.listener;
        download.listener = null;
        persist();
      }
      now = download.info();
    }
    DiztlException error = why;
    tell(told, listener -> listener.failed(error));
    return now;
  }

  private DownloadInfo requeue(String id, DownloadState... from) {
    DownloadInfo queued;
    synchronized (this) {
      Download download = find(id);
      if (!Arrays.asList(from).contains(download.state)) {
        throw new DiztlException(
            ErrorKind.FAILED_PRECONDITION,
            "download "
                + id
                + " is "
                + named(download.state)
                + ": expected a "
                + String.join(" or ", Arrays.stream(from).map(DownloadManager::named).toList())
                + " one");
      }
      download.state = DownloadState.QUEUED;
      download.waiting = false;
      download.ended = null;
      download.error = "";
      queue.addLast(download);
      persist();
      queued = download.info();
    }
    pump();
    return queued;
  }

  private static String named(DownloadState state) {
    return state.name().toLowerCase(Locale.ROOT);
  }

  /** Stops every queued and running download, keeping what was received; starts none after. */
  @Override
  public void close() {
    List<String> active;
    synchronized (this) {
      // Saved as they stand, so that a restart takes them up again.
      persist();
      closed = true;
      active =
          downloads.values().stream()
              .filter(d -> d.running() || d.state == DownloadState.QUEUED)
              .map(d -> d.id)
              .toList();
    }
    active.forEach(this::stop);
  }

  /** Stops a download while it has not ended: dequeues it, or cancels its running attempt. */
  private void stop(String id) {
    DownloadListener told;
    DiztlException why;
    synchronized (this) {
      Download download = downloads.get(id);
      if (download == null || !download.active()) {
        return;
      }
      if (download.running()) {
        download.cancelling = true;
        download.context.cancel(null);
        return;
      }
      queue.remove(download);
      why = cancelled(download);
      end(download, DownloadState.CANCELLED, why.getMessage());
      told = download.listener;
      download.listener = null;
      persist();
    }
    tell(told, listener -> listener.failed(why));
  }

  private Download find(String id) {
    Objects.requireNonNull(id, "id");
    Download download = downloads.get(id);
    if (download == null) {
      throw new DiztlException(
          ErrorKind.NOT_FOUND, "no download with id '" + id + "' on this node");
    }
    return download;
  }

  /** Starts queued downloads while there are free places. */
  private void pump() {
    while (true) {
      Download next;
      synchronized (this) {
        if (closed || running >= maxRunning || queue.isEmpty()) {
          return;
        }
        next = queue.removeFirst();
        running++;
        next.state = DownloadState.RUNNING;
        next.cancelling = false;
        next.pausing = false;
        next.context = Context.ROOT.withCancellation();
        next.speed.start(next.received);
        persist();
      }
      events.publish(
          NodeEvent.Kind.DOWNLOAD_STARTED,
          next.ref.toString(),
          "download of " + next.ref + " started");
      try {
        executor.execute(() -> run(next));
      } catch (RejectedExecutionException e) {
        finish(next, null, new DiztlException(ErrorKind.UNAVAILABLE, "the node is stopping"));
      }
    }
  }

  /** Runs one attempt on its own thread, then starts the next queued download. */
  private void run(Download download) {
    DownloadResult result = null;
    DiztlException failure = null;
    try {
      result =
          download.context.call(
              () ->
                  fetcher.fetch(
                      download.ref, download.expected, download.targetDir, new Progress(download)));
    } catch (DiztlException e) {
      failure = e;
    } catch (Exception e) {
      LOG.warn("download of {} failed: {}", download.ref, e.toString(), e);
      failure = new DiztlException(ErrorKind.INTERNAL, "download failed: " + e, e);
    }
    finish(download, result, failure);
    pump();
  }

  private void finish(Download download, DownloadResult result, DiztlException failure) {
    DownloadListener told;
    DiztlException why = failure;
    boolean waits;
    synchronized (this) {
      running--;
      download.context.cancel(null);
      download.context = null;
      if (result != null) {
        download.received = result.size();
        download.total = result.size();
        download.finalPath = result.finalPath().toString();
        download.sha256 = result.sha256();
        download.name = result.finalPath().getFileName().toString();
        end(download, DownloadState.DONE, "");
      } else if (download.cancelling) {
        why = cancelled(download);
        end(download, DownloadState.CANCELLED, why.getMessage());
      } else if (download.pausing) {
        why = paused(download);
        download.state = DownloadState.PAUSED;
      } else if (failure instanceof SourcesGone && !closed) {
        why = waitForSources(download, failure);
      } else {
        end(download, DownloadState.FAILED, failure.getMessage());
      }
      waits = download.waiting;
      told = download.listener;
      download.listener = null;
      persist();
    }
    String ref = download.ref.toString();
    if (waits) {
      events.publish(NodeEvent.Kind.DOWNLOAD_FAILED, ref, why.getMessage());
      DiztlException error = why;
      tell(told, listener -> listener.failed(error));
    } else if (result != null) {
      events.publish(
          NodeEvent.Kind.DOWNLOAD_COMPLETED,
          ref,
          "downloaded " + ref + " to " + result.finalPath());
      DownloadResult done = result;
      tell(told, listener -> listener.completed(done.finalPath(), done.sha256()));
    } else {
      events.publish(
          NodeEvent.Kind.DOWNLOAD_FAILED,
          ref,
          why.kind() == ErrorKind.CANCELLED
              ? why.getMessage()
              : "download of " + ref + " failed: " + why.getMessage());
      DiztlException error = why;
      tell(told, listener -> listener.failed(error));
    }
  }

  /**
   * Queues {@code download} again once a wait has passed, its reason shown meanwhile; called under
   * the lock.
   *
   * @return what its follower is told
   */
  private DiztlException waitForSources(Download download, DiztlException failure) {
    Duration wait = FIRST_WAIT.multipliedBy(1L << Math.min(download.waits, 16));
    if (wait.compareTo(LONGEST_WAIT) > 0) {
      wait = LONGEST_WAIT;
    }
    download.waits++;
    Object token = new Object();
    download.wakeToken = token;
    download.state = DownloadState.QUEUED;
    download.waiting = true;
    download.error = failure.getMessage() + "; waiting, tried again in " + wait.toSeconds() + " s";
    LOG.info("download {} of {} waits {} s for a source", download.id, download.ref, wait);
    timer.after(wait, () -> wake(download, token));
    return new DiztlException(
        ErrorKind.UNAVAILABLE,
        "download "
            + download.id
            + " of "
            + download.ref
            + " stays queued: "
            + download.error
            + " (diztl downloads shows how it goes)",
        failure);
  }

  /** Queues a waiting download again, unless it was paused, cancelled or woken since. */
  private void wake(Download download, Object token) {
    synchronized (this) {
      if (closed
          || !download.waiting
          || download.wakeToken != token
          || download.state != DownloadState.QUEUED
          || downloads.get(download.id) != download) {
        return;
      }
      download.waiting = false;
      queue.addLast(download);
    }
    pump();
  }

  private void end(Download download, DownloadState state, String error) {
    download.state = state;
    download.error = error;
    download.ended = clock.instant();
  }

  private static DiztlException cancelled(Download download) {
    return new DiztlException(
        ErrorKind.CANCELLED,
        "download of "
            + download.ref
            + " was cancelled"
            + (download.received > 0 ? ": " + download.received + " bytes kept to resume" : ""));
  }

  private static DiztlException paused(Download download) {
    return new DiztlException(
        ErrorKind.CANCELLED,
        "download "
            + download.id
            + " of "
            + download.ref
            + " was paused"
            + (download.received > 0 ? " with " + download.received + " bytes kept" : "")
            + "; resume it with diztl downloads resume "
            + download.id);
  }

  /** Saves every download, unless the saved ones are not read yet or the node is stopping. */
  private void persist() {
    if (restored && !closed) {
      store.save(downloads.values().stream().map(Download::stored).toList());
    }
  }

  private String newId() {
    String id;
    do {
      id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 12);
    } while (downloads.containsKey(id));
    return id;
  }

  private void forgetOldEnded() {
    int excess = downloads.size() - HISTORY;
    for (var it = downloads.values().iterator(); excess > 0 && it.hasNext(); ) {
      if (!it.next().active()) {
        it.remove();
        excess--;
      }
    }
  }

  private static void tell(DownloadListener listener, Consumer<DownloadListener> call) {
    if (listener == null) {
      return;
    }
    try {
      call.accept(listener);
    } catch (RuntimeException e) {
      LOG.warn("a download listener failed: {}", e.toString(), e);
    }
  }

  /** Follows the fetcher's progress into the download and on to its listener. */
  private final class Progress implements io.diztl.node.internal.DownloadListener {
    private final Download download;

    Progress(Download download) {
      this.download = download;
    }

    @Override
    public void started(String name, long size, long resumedFrom) {
      synchronized (DownloadManager.this) {
        download.name = name;
        download.total = size;
        download.received = resumedFrom;
        download.waits = 0;
        download.error = "";
        download.speed.start(resumedFrom);
        persist();
      }
      tellProgress(resumedFrom, size);
    }

    @Override
    public void sources(int count) {
      synchronized (DownloadManager.this) {
        download.sources = count;
      }
    }

    @Override
    public void sourceNodes(List<DownloadSource> nodes) {
      synchronized (DownloadManager.this) {
        download.sourceNodes(nodes);
      }
    }

    @Override
    public void sourceBytes(String nodeId, long bytes) {
      synchronized (DownloadManager.this) {
        download.sourceBytes(nodeId, bytes);
      }
    }

    @Override
    public void sourceHealth(String nodeId, int strikes, boolean dropped) {
      synchronized (DownloadManager.this) {
        download.sourceHealth(nodeId, strikes, dropped);
      }
    }

    @Override
    public void progress(long received, long size) {
      synchronized (DownloadManager.this) {
        download.received = received;
        download.total = size;
        download.speed.update(received);
        if (received == size && download.state == DownloadState.RUNNING) {
          download.state = DownloadState.VERIFYING;
        }
      }
      tellProgress(received, size);
    }

    private void tellProgress(long received, long size) {
      DownloadListener listener;
      String name;
      synchronized (DownloadManager.this) {
        listener = download.listener;
        name = download.name;
      }
      tell(listener, l -> l.progress(name, received, size));
    }
  }
}
