package io.diztl.index.internal;

import io.diztl.index.MetadataSource;
import io.diztl.index.PieceHashes;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hasher and the extractor: one background thread each, computing the content identity (with
 * the piece hashes, kept in a {@link PieceStore}) and the metadata of queued files and storing them
 * if the file did not change meanwhile. Each rewrites the document from the stored record, keeping
 * what the other wrote for the same content.
 *
 * <p>Every "look at the file, then write its document" step of the index runs under {@link
 * #lock()}, so a hash or metadata computed for an older version of a file never overwrites the
 * document of a newer one.
 */
final class ContentWorkers implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ContentWorkers.class);

  private final SharePaths paths;
  private final IndexStore store;
  private final MetadataExtraction extraction;
  private final PieceStore pieces;
  private final Object lock = new Object();

  /** Whether the hasher has a backlog, and merges are deferred until it drains. */
  private final AtomicBoolean hashBacklog = new AtomicBoolean();

  // Each queue has its writes made searchable at once when it drains.
  private final PathQueue hashes =
      new PathQueue("hasher", this::hashInBackground, this::hashingDrained);
  private final PathQueue extractions =
      new PathQueue(
          "extractor",
          batch -> batch.stream().mapToLong(this::extractInBackground).toArray(),
          this::extractionDrained);

  ContentWorkers(SharePaths paths, IndexStore store, MetadataSource source, Path piecesDir) {
    this.paths = paths;
    this.store = store;
    this.extraction = new MetadataExtraction(source);
    this.pieces = new PieceStore(piecesDir);
  }

  /**
   * Hashes the content of {@code absolute} in one read and keeps its piece hashes; returns them.
   */
  PieceHashes hashContent(Path absolute) throws IOException {
    PieceHashes hashes = Sha256.contentOf(absolute);
    pieces.put(hashes);
    return hashes;
  }

  /** The metadata of each of {@code files}, in the same order (see {@link MetadataExtraction}). */
  List<MetadataExtraction.Extracted> extractContent(List<MetadataExtraction.Request> files) {
    return extraction.each(files);
  }

  /** The kept piece hashes of content {@code rootHex} of {@code size} bytes, if any. */
  Optional<PieceHashes> keptPieces(String rootHex, long size) throws IOException {
    return pieces.get(rootHex, size);
  }

  /** The lock of every "look at the file, then write its document" step. */
  Object lock() {
    return lock;
  }

  /** Queues {@code path} for hashing. */
  void hash(String path) {
    hashes.submit(path);
  }

  /** Queues {@code path} for extraction. */
  void extract(String path) {
    extractions.submit(path);
  }

  /** How many files wait for their metadata to be extracted, or are being extracted. */
  int extractionsPending() {
    return extractions.pending();
  }

  /** Waits until neither worker has work; false when {@code deadlineNanos} came first. */
  boolean awaitIdle(long deadlineNanos) throws InterruptedException {
    // Hashing can queue an extraction and the other way round: wait until both are idle at once.
    do {
      if (!hashes.awaitIdle(deadlineNanos) || !extractions.awaitIdle(deadlineNanos)) {
        return false;
      }
    } while (!hashes.isIdle());
    return true;
  }

  @Override
  public void close() {
    hashes.close();
    extractions.close();
  }

  /** A file hashed in a batch: its place in the batch, and what was hashed. */
  private record Hashed(int index, String path, Path absolute, FileStamp stamp, String sha) {}

  /**
   * Hashes a batch of queued files, then stores, under {@link #lock} once for the batch, the hash
   * of each that did not change meanwhile; returns the bytes hashed per file, -1 for none.
   */
  private long[] hashInBackground(List<String> batch) {
    if (batch.size() == PathQueue.BATCH && hashBacklog.compareAndSet(false, true)) {
      // A backlog rewrites many documents: merging the segments they leave would be wasted work.
      store.deferMerges();
    }
    long[] done = new long[batch.size()];
    Arrays.fill(done, -1);
    List<Hashed> hashed = new ArrayList<>(batch.size());
    Map<Path, Boolean> realFolders = new HashMap<>();
    for (int i = 0; i < batch.size() && !Thread.currentThread().isInterrupted(); i++) {
      String path = batch.get(i);
      Path absolute = paths.resolve(path);
      try {
        Optional<FileStamp> before = indexableStamp(path, absolute, realFolders);
        if (before.isEmpty()) {
          LOG.debug("Not hashing {}: gone", path);
          continue;
        }
        hashed.add(new Hashed(i, path, absolute, before.get(), hashContent(absolute).rootHex()));
      } catch (ClosedByInterruptException e) {
        Thread.currentThread().interrupt();
      } catch (IOException e) {
        LOG.debug("Cannot hash {}: {}", path, e.toString());
      }
    }
    if (hashed.isEmpty()) {
      return done;
    }
    // Checked again after hashing: a folder swapped for a link meanwhile stops the store.
    realFolders.clear();
    synchronized (lock) {
      Map<String, FileRecord> known = store.findByPaths(hashed.stream().map(Hashed::path).toList());
      for (Hashed file : hashed) {
        try {
          if (indexableStamp(file.path(), file.absolute(), realFolders)
              .equals(Optional.of(file.stamp()))) {
            storeHash(file.path(), file.stamp(), file.sha(), known.get(file.path()));
            LOG.debug("Hashed {}", file.path());
          } else {
            LOG.debug("Not storing the hash of {}: it changed while hashed", file.path());
          }
          done[file.index()] = file.stamp().size();
        } catch (IOException e) {
          LOG.debug("Cannot check {} after hashing it: {}", file.path(), e.toString());
        }
      }
    }
    return done;
  }

  /**
   * Extracts the metadata of one queued file and stores it if the file did not change meanwhile;
   * returns 0, or -1 when it extracted nothing.
   */
  private long extractInBackground(String path) {
    Path absolute = paths.resolve(path);
    try {
      Optional<FileStamp> before = indexableStamp(path, absolute);
      Optional<FileRecord> known = store.findByPath(path);
      if (before.isEmpty() || known.isEmpty()) {
        LOG.debug("Not extracting {}: gone", path);
        return -1;
      }
      if (known.get().stamp().equals(before.get())
          && known.get().extractorsVersion().equals(currentStamp())) {
        return -1;
      }
      MetadataExtraction.Extracted extracted = extraction.of(path, absolute, before.get().size());
      synchronized (lock) {
        if (!indexableStamp(path, absolute).equals(before)) {
          LOG.debug("Not storing the metadata of {}: it changed while extracted", path);
          return -1;
        }
        Optional<FileRecord> current = storedRecord(path, before.get());
        FileRecord base = current.orElseGet(() -> freshRecord(path, before.get()));
        store.upsertInBackground(base.withMetadata(extracted.version(), extracted.values()));
        if (current.isEmpty()) {
          // The stored document described older content: its hash is gone too.
          hashes.submit(path);
        }
      }
      LOG.debug("Extracted {} values from {}", extracted.values().size(), path);
      return 0;
    } catch (ClosedByInterruptException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.debug("Cannot extract the metadata of {}: {}", path, e.toString());
    }
    return -1;
  }

  /**
   * Under {@link #lock}: stores a hash, keeping the metadata taken from the same content. Whoever
   * wrote a record queued its extraction; only when the stored record describes older content is
   * the new content queued here.
   */
  void storeHash(String path, FileStamp stamp, String sha) {
    storeHash(path, stamp, sha, store.findByPath(path).orElse(null));
  }

  /** {@link #storeHash(String, FileStamp, String)} given the stored record, null when none. */
  private void storeHash(String path, FileStamp stamp, String sha, FileRecord stored) {
    Optional<FileRecord> current =
        Optional.ofNullable(stored).filter(record -> record.stamp().equals(stamp));
    FileRecord base = current.orElseGet(() -> freshRecord(path, stamp));
    store.upsertInBackground(base.withSha256(sha));
    if (current.isEmpty() && !base.extractorsVersion().equals(currentStamp())) {
      extractions.submit(path);
    }
  }

  /** Under {@link #lock}: the stored record of {@code path} if it was taken from {@code stamp}. */
  private Optional<FileRecord> storedRecord(String path, FileStamp stamp) {
    return store.findByPath(path).filter(record -> record.stamp().equals(stamp));
  }

  /** A record of new content: no hash, no metadata yet. */
  FileRecord freshRecord(String path, FileStamp stamp) {
    return new FileRecord(path, stamp, "", freshStamp(), List.of());
  }

  /** The version stamp of metadata extracted now. */
  String currentStamp() {
    return extraction.currentStamp();
  }

  /** See {@link MetadataExtraction#freshStamp()}. */
  String freshStamp() {
    return extraction.freshStamp();
  }

  private void hashingDrained(long files, long bytes, long nanos) {
    store.refreshSoon();
    if (hashBacklog.compareAndSet(true, false)) {
      store.resumeMerges();
    }
    if (files == 0) {
      return;
    }
    LOG.info(
        "Hashed {} files ({} bytes) in {} ms, {} MB/s",
        files,
        bytes,
        TimeUnit.NANOSECONDS.toMillis(nanos),
        String.format(Locale.ROOT, "%.1f", bytes * 1e3 / nanos));
  }

  private void extractionDrained(long files, long ignored, long nanos) {
    store.refreshSoon();
    if (files == 0) {
      return;
    }
    LOG.info(
        "Extracted the metadata of {} files in {} ms, {} files/s",
        files,
        TimeUnit.NANOSECONDS.toMillis(nanos),
        String.format(Locale.ROOT, "%.1f", files * 1e9 / nanos));
  }

  Optional<FileStamp> indexableStamp(String path, Path absolute) throws IOException {
    Optional<FileStamp> stamp = FileStamp.ofRegularFile(absolute);
    return stamp.isPresent() && paths.hasRealParent(path) ? stamp : Optional.empty();
  }

  /**
   * {@link #indexableStamp(String, Path)}, checking each folder once: {@code realFolders} holds the
   * folders checked so far and the outcome.
   */
  private Optional<FileStamp> indexableStamp(
      String path, Path absolute, Map<Path, Boolean> realFolders) throws IOException {
    Optional<FileStamp> stamp = FileStamp.ofRegularFile(absolute);
    if (stamp.isEmpty()) {
      return stamp;
    }
    Path folder = absolute.getParent();
    Boolean real = realFolders.get(folder);
    if (real == null) {
      real = paths.hasRealParent(path);
      realFolders.put(folder, real);
    }
    return real ? stamp : Optional.empty();
  }
}
