package io.diztl.index.internal;

import io.diztl.index.PieceHashes;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the small files of a bulk write on the thread writing their documents: their hash and, when
 * due, their metadata, so that each document is written once, complete, instead of once by the
 * walk, again by the hasher and again by the extractor. Reading a small file costs less than one
 * rewrite of its document.
 */
final class SmallFileContent {

  private static final Logger LOG = LoggerFactory.getLogger(SmallFileContent.class);

  /** Files of at most this many bytes are read while written. */
  static final long MAX_BYTES = 64 << 10;

  /** Hashes the content of a file, as {@link ContentWorkers#hashContent} does. */
  @FunctionalInterface
  interface Hasher {
    PieceHashes of(Path absolute) throws IOException;
  }

  /** Extracts the metadata of files, as {@link MetadataExtraction#each} does. */
  @FunctionalInterface
  interface Extractor {
    List<MetadataExtraction.Extracted> each(List<MetadataExtraction.Request> files);
  }

  private final SharePaths paths;
  private final Hasher hasher;
  private final Extractor extractor;

  SmallFileContent(SharePaths paths, Hasher hasher, Extractor extractor) {
    this.paths = paths;
    this.hasher = hasher;
    this.extractor = extractor;
  }

  /** Whether a file of {@code stamp} is read while written. */
  static boolean isSmall(FileStamp stamp) {
    return stamp.size() <= MAX_BYTES;
  }

  /**
   * Each of {@code records} (files at {@code absolutes}, in the same order) with the hash of its
   * file and, when {@code extract}, its metadata (one extraction for them all), when the file is
   * still as the record stamps it after it was read and its folder is real (not swapped for a
   * link); else null, and the background workers should take it. {@code realFolders} holds the
   * folders checked so far and the outcome.
   */
  List<FileRecord> complete(
      List<FileRecord> records,
      List<Path> absolutes,
      boolean extract,
      Map<Path, Boolean> realFolders) {
    List<FileRecord> read = new ArrayList<>(records.size());
    List<MetadataExtraction.Request> requests = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      FileRecord hashed = hashed(records.get(i), absolutes.get(i));
      read.add(hashed);
      if (hashed != null && extract) {
        requests.add(
            new MetadataExtraction.Request(hashed.path(), absolutes.get(i), hashed.stamp().size()));
      }
    }
    List<MetadataExtraction.Extracted> metadata =
        requests.isEmpty() ? List.of() : extractor.each(requests);
    int next = 0;
    for (int i = 0; i < read.size(); i++) {
      FileRecord hashed = read.get(i);
      if (hashed == null) {
        continue;
      }
      if (extract) {
        MetadataExtraction.Extracted values = metadata.get(next++);
        hashed = hashed.withMetadata(values.version(), values.values());
      }
      read.set(i, unchanged(hashed, absolutes.get(i), realFolders) ? hashed : null);
    }
    return read;
  }

  private FileRecord hashed(FileRecord record, Path absolute) {
    try {
      return record.withSha256(hasher.of(absolute).rootHex());
    } catch (ClosedByInterruptException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.debug("Cannot read {} while reconciling: {}", record.path(), e.toString());
    }
    return null;
  }

  /** Whether the file of {@code record} is still as stamped, in a real folder. */
  private boolean unchanged(FileRecord record, Path absolute, Map<Path, Boolean> realFolders) {
    try {
      if (!FileStamp.ofRegularFile(absolute).equals(Optional.of(record.stamp()))) {
        LOG.debug("Not keeping the content of {}: it changed while read", record.path());
        return false;
      }
      Boolean real = realFolders.get(absolute.getParent());
      if (real == null) {
        real = paths.hasRealParent(record.path());
        realFolders.put(absolute.getParent(), real);
      }
      return real;
    } catch (ClosedByInterruptException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.debug("Cannot read {} while reconciling: {}", record.path(), e.toString());
    }
    return false;
  }
}
