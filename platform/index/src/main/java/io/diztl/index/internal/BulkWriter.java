package io.diztl.index.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes the documents of a bulk write in batches, on the calling thread and on up to one helper
 * thread per further core: a batch goes to an idle helper, else the caller writes it itself, so at
 * most one batch per thread is in flight. Lucene's writer takes documents from several threads at
 * once, each into its own buffer. Small files are hashed, and their metadata extracted, by the
 * thread writing their batch (see {@link SmallFileContent}); the extraction of a batch is one
 * hand-off to the plugin host's threads, so while metadata is extracted there is a helper per core
 * (the writers wait while the host's thread works), else one per further core, at most {@value
 * #MAX_HELPERS}.
 */
final class BulkWriter implements AutoCloseable {

  private static final int BATCH = 512;
  private static final int MAX_HELPERS = 3;
  private static final long CLOSE_WAIT_SECONDS = 5;

  /** A document to write: added when new, else replacing the stored one. */
  private record Write(FileRecord record, Path absolute, boolean isNew) {}

  private final IndexStore store;
  private final SmallFileContent content;
  private final boolean extract;
  private final Consumer<String> readLater;
  private final ThreadPoolExecutor helpers;
  private final List<Future<?>> batches = new ArrayList<>();
  private List<Write> batch = new ArrayList<>(BATCH);

  /**
   * A writer to {@code store} reading small files with {@code content}, their metadata too when
   * {@code extract}; the paths of small files it could not read go to {@code readLater}, from any
   * writing thread.
   */
  BulkWriter(
      IndexStore store, SmallFileContent content, boolean extract, Consumer<String> readLater) {
    this.store = store;
    this.content = content;
    this.extract = extract;
    this.readLater = readLater;
    int cores = Runtime.getRuntime().availableProcessors();
    int count = Math.min(MAX_HELPERS, extract ? cores : cores - 1);
    this.helpers =
        count < 1
            ? null
            : new ThreadPoolExecutor(
                count,
                count,
                0,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                Thread.ofPlatform().name("diztl-index-bulk-", 0).daemon().factory(),
                new ThreadPoolExecutor.CallerRunsPolicy());
  }

  /**
   * Adds the document of a file at {@code absolute} that the index did not hold when the bulk write
   * began (see {@link IndexStore#writeBulk}).
   */
  void add(FileRecord record, Path absolute) {
    queue(new Write(record, absolute, true));
  }

  /** Replaces the document of a file at {@code absolute} (see {@link IndexStore#writeBulk}). */
  void replace(FileRecord record, Path absolute) {
    queue(new Write(record, absolute, false));
  }

  /** Writes what is left and waits for every batch; throws the first failure of one. */
  void finish() {
    send();
    RuntimeException failure = null;
    for (Future<?> written : batches) {
      try {
        written.get();
      } catch (ExecutionException e) {
        if (failure == null) {
          failure =
              e.getCause() instanceof RuntimeException cause
                  ? cause
                  : new IllegalStateException("a bulk write failed", e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a bulk write", e);
      }
    }
    batches.clear();
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void close() {
    if (helpers == null) {
      return;
    }
    helpers.shutdown();
    try {
      if (!helpers.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        helpers.shutdownNow();
      }
    } catch (InterruptedException e) {
      helpers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void queue(Write write) {
    batch.add(write);
    if (batch.size() == BATCH) {
      send();
    }
  }

  private void send() {
    if (batch.isEmpty()) {
      return;
    }
    List<Write> full = batch;
    batch = new ArrayList<>(BATCH);
    Runnable task = () -> write(full);
    if (helpers == null) {
      task.run();
    } else {
      batches.add(helpers.submit(task));
    }
  }

  private void write(List<Write> writes) {
    List<FileRecord> small = new ArrayList<>();
    List<Path> absolutes = new ArrayList<>();
    for (Write write : writes) {
      if (SmallFileContent.isSmall(write.record().stamp())) {
        small.add(write.record());
        absolutes.add(write.absolute());
      }
    }
    List<FileRecord> read = content.complete(small, absolutes, extract, new HashMap<>());
    int next = 0;
    for (Write write : writes) {
      FileRecord record = write.record();
      if (SmallFileContent.isSmall(record.stamp())) {
        FileRecord complete = read.get(next++);
        if (complete == null) {
          readLater.accept(record.path());
        } else {
          record = complete;
        }
      }
      store.writeBulk(record, write.isNew());
    }
  }
}
