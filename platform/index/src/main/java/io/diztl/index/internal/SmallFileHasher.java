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
 * Hashes the small files of a bulk write on the thread writing their documents, so that each
 * document is written once, hash and all, instead of once by the walk and again by the hasher. A
 * file is read in one go; reading it costs about what the rewrite of its document would.
 */
final class SmallFileHasher {

  private static final Logger LOG = LoggerFactory.getLogger(SmallFileHasher.class);

  /** Files of at most this many bytes are hashed while written. */
  static final long MAX_BYTES = 64 << 10;

  /** Hashes the content of a file, as {@link ContentWorkers#hashContent} does. */
  @FunctionalInterface
  interface Content {
    PieceHashes of(Path absolute) throws IOException;
  }

  private final SharePaths paths;
  private final Content content;

  SmallFileHasher(SharePaths paths, Content content) {
    this.paths = paths;
    this.content = content;
  }

  /** Whether a file of {@code stamp} is hashed while written. */
  static boolean isSmall(FileStamp stamp) {
    return stamp.size() <= MAX_BYTES;
  }

  /**
   * {@code record} with the hash of its file at {@code absolute}, when the file is still as the
   * record stamps it after it was read and its folder is real (not swapped for a link); else null,
   * and the hasher should take it. {@code realFolders} holds the folders checked so far and the
   * outcome.
   */
  FileRecord withHash(FileRecord record, Path absolute, Map<Path, Boolean> realFolders) {
    try {
      String sha = content.of(absolute).rootHex();
      if (!FileStamp.ofRegularFile(absolute).equals(Optional.of(record.stamp()))) {
        LOG.debug("Not keeping the hash of {}: it changed while hashed", record.path());
        return null;
      }
      Boolean real = realFolders.get(absolute.getParent());
      if (real == null) {
        real = paths.hasRealParent(record.path());
        realFolders.put(absolute.getParent(), real);
      }
      return real ? record.withSha256(sha) : null;
    } catch (ClosedByInterruptException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.debug("Cannot hash {} while reconciling: {}", record.path(), e.toString());
    }
    return null;
  }
}
