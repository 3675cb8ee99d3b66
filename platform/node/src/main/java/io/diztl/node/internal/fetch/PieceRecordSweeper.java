package io.diztl.node.internal.fetch;

import io.diztl.api.SearchQuery;
import io.diztl.index.ShareIndex;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the piece-hash records of the index ({@code DATA/index/pieces/<identity>}) whose content
 * no file of the share has any more. A record younger than {@link #MIN_AGE} is kept, so that one
 * written for a file still being hashed is never taken before the index knows the file's identity.
 * Runs now and then on the node's executor until closed.
 */
public final class PieceRecordSweeper implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PieceRecordSweeper.class);

  /** Records younger than this are kept whatever the index says. */
  static final Duration MIN_AGE = Duration.ofMinutes(10);

  /** How often the records are looked through. */
  static final Duration PERIOD = Duration.ofHours(1);

  private static final Pattern RECORD = Pattern.compile("[0-9a-f]{64}");

  private final Path dir;
  private final Predicate<String> shared;
  private final InstantSource clock;
  private volatile boolean closed;

  /**
   * A sweeper of the records in {@code dir}; {@code shared} tells whether the share still has a
   * file with a given identity (lower-case hex).
   */
  PieceRecordSweeper(Path dir, Predicate<String> shared, InstantSource clock) {
    this.dir = dir;
    this.shared = shared;
    this.clock = clock;
  }

  /**
   * The sweeper of {@code index}'s records, in {@code indexDir/pieces}: a content is still shared
   * while a {@code hash:} search of the index finds a file with it.
   */
  public static PieceRecordSweeper of(ShareIndex index, Path indexDir, InstantSource clock) {
    return new PieceRecordSweeper(
        indexDir.resolve("pieces"),
        root -> !index.search(SearchQuery.ofText("hash:" + root)).isEmpty(),
        clock);
  }

  /**
   * Deletes the records old enough of content the share no longer has.
   *
   * @return how many were deleted
   */
  int sweep() throws IOException {
    Instant before = clock.instant().minus(MIN_AGE);
    int deleted = 0;
    try (DirectoryStream<Path> records = Files.newDirectoryStream(dir)) {
      for (Path record : records) {
        String name = record.getFileName().toString();
        if (closed) {
          break;
        }
        if (RECORD.matcher(name).matches()
            && Files.isRegularFile(record)
            && Files.getLastModifiedTime(record).toInstant().isBefore(before)
            && !shared.test(name)
            && Files.deleteIfExists(record)) {
          deleted++;
        }
      }
    } catch (NoSuchFileException e) {
      return 0; // no file was hashed yet
    }
    if (deleted > 0) {
      LOG.info("Deleted the piece hashes of {} contents no longer shared", deleted);
    }
    return deleted;
  }

  /** Sweeps after {@code first}, then every {@link #PERIOD}, on {@code executor}, until closed. */
  public void start(Executor executor, Duration first) {
    CompletableFuture.delayedExecutor(first.toMillis(), TimeUnit.MILLISECONDS, executor)
        .execute(
            () -> {
              if (closed) {
                return;
              }
              try {
                sweep();
              } catch (IOException | RuntimeException e) {
                LOG.warn("Cannot look through the piece hashes in {}: {}", dir, e.toString());
              }
              start(executor, PERIOD);
            });
  }

  @Override
  public void close() {
    closed = true;
  }
}
