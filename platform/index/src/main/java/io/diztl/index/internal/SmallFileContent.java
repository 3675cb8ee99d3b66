package io.diztl.index.internal;

import io.diztl.index.PieceHashes;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
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

  /** Extracts the metadata of a file, as {@link MetadataExtraction#of} does. */
  @FunctionalInterface
  interface Extractor {
    MetadataExtraction.Extracted of(String path, Path absolute, long size);
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
   * {@code record} with the hash of its file at {@code absolute} and, when {@code extract}, its
   * metadata, when the file is still as the record stamps it after it was read and its folder is
   * real (not swapped for a link); else null, and the background workers should take it. {@code
   * realFolders} holds the folders checked so far and the outcome.
   */
  FileRecord complete(
      FileRecord record, Path absolute, boolean extract, Map<Path, Boolean> realFolders) {
    try {
      FileRecord hashed = record.withSha256(hasher.of(absolute).rootHex());
      if (extract) {
        MetadataExtraction.Extracted metadata =
            extractor.of(record.path(), absolute, record.stamp().size());
        hashed = hashed.withMetadata(metadata.version(), metadata.values());
      }
      if (!FileStamp.ofRegularFile(absolute).equals(Optional.of(record.stamp()))) {
        LOG.debug("Not keeping the content of {}: it changed while read", record.path());
        return null;
      }
      Boolean real = realFolders.get(absolute.getParent());
      if (real == null) {
        real = paths.hasRealParent(record.path());
        realFolders.put(absolute.getParent(), real);
      }
      return real ? hashed : null;
    } catch (ClosedByInterruptException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.debug("Cannot read {} while reconciling: {}", record.path(), e.toString());
    }
    return null;
  }
}
