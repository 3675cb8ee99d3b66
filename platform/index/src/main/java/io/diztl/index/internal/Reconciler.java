package io.diztl.index.internal;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass bringing the index in line with the disk: walks the share without following links,
 * compares each file with the stored documents (loaded once) by size and modification time, and
 * writes only the differences, as a bulk write (refreshed every few seconds) on as many threads as
 * there are cores ({@link BulkWriter}); small new or changed files are hashed and extracted as they
 * are written ({@link SmallFileContent}). Folders that could not be read keep their documents. Once
 * the walk is done, files still without a hash are queued for hashing and files not extracted with
 * the current extractors for extraction.
 */
final class Reconciler implements FileVisitor<Path> {

  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  /**
   * Counts of one pass.
   *
   * @param seen indexable files found on disk
   * @param added files that were not indexed
   * @param updated files whose size or modification time changed
   * @param removed documents whose file is gone
   * @param complete false when the pass stopped before the end of the walk (the index closed): it
   *     then removed nothing and queued nothing
   */
  record Result(long seen, long added, long updated, long removed, boolean complete) {}

  private final SharePaths paths;
  private final IndexStore store;
  private final BulkWriter writer;
  private final String versionStamp;
  private final String freshStamp;
  private final Map<String, FileState> stored;

  /** The share's real path and a '/' after it, when the file system separates with '/'. */
  private final String rootPrefix;

  private final List<String> unreadable = new ArrayList<>();

  /** Filled by the walk and, for small files that could not be read, by the writing threads. */
  private final List<String> unhashed;

  /** Filled like {@link #unhashed}. */
  private final List<String> unextracted;

  private final AtomicLong progress;
  private final BooleanSupplier stopped;
  private long seen;
  private long added;
  private long updated;

  private Reconciler(
      SharePaths paths,
      IndexStore store,
      BulkWriter writer,
      List<String> unhashed,
      List<String> unextracted,
      String versionStamp,
      String freshStamp,
      AtomicLong progress,
      BooleanSupplier stopped) {
    this.paths = paths;
    this.progress = progress;
    this.stopped = stopped;
    this.store = store;
    this.writer = writer;
    this.unhashed = unhashed;
    this.unextracted = unextracted;
    this.versionStamp = versionStamp;
    this.freshStamp = freshStamp;
    String root = paths.realRoot().toString();
    this.rootPrefix =
        !paths.realRoot().getFileSystem().getSeparator().equals("/")
            ? null
            : root.endsWith("/") ? root : root + "/";
    store.refresh();
    this.stored = store.loadAll();
  }

  /**
   * Runs one pass, reading small new and changed files with {@code content} (their metadata too,
   * unless {@code freshStamp} is {@code versionStamp}); files that still need a hash go to {@code
   * hashQueue}, files whose stored version stamp is not {@code versionStamp} to {@code
   * extractQueue}. New and changed files are written with {@code freshStamp}: the current stamp
   * when extraction would find nothing anyway, else empty. The count of files seen so far goes to
   * {@code progress} as the walk goes; once {@code stopped} holds, the walk ends at the next file,
   * with what it wrote kept and nothing removed.
   */
  static Result run(
      SharePaths paths,
      IndexStore store,
      String versionStamp,
      String freshStamp,
      SmallFileContent content,
      Consumer<String> hashQueue,
      Consumer<String> extractQueue,
      AtomicLong progress,
      BooleanSupplier stopped)
      throws IOException {
    Reconciler pass;
    Result result;
    List<String> unhashed = Collections.synchronizedList(new ArrayList<>());
    List<String> unextracted = Collections.synchronizedList(new ArrayList<>());
    boolean extract = !freshStamp.equals(versionStamp);
    Consumer<String> readLater =
        path -> {
          unhashed.add(path);
          if (extract) {
            unextracted.add(path);
          }
        };
    // Begun before the stored documents are loaded: writeBulk then knows of every other write.
    store.beginBulk();
    try (BulkWriter writer = new BulkWriter(store, content, extract, readLater)) {
      pass =
          new Reconciler(
              paths,
              store,
              writer,
              unhashed,
              unextracted,
              versionStamp,
              freshStamp,
              progress,
              stopped);
      Files.walkFileTree(paths.realRoot(), pass);
      writer.finish();
      if (stopped.getAsBoolean()) {
        return new Result(pass.seen, pass.added, pass.updated, 0, false);
      }
      result = pass.finish();
    } finally {
      store.endBulk();
    }
    // Hash after the walk, so the hasher does not compete with it for the disk and the writer.
    unhashed.forEach(hashQueue);
    unextracted.forEach(extractQueue);
    return result;
  }

  @Override
  public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
    if (stopped.getAsBoolean()) {
      return FileVisitResult.TERMINATE;
    }
    if (!dir.equals(paths.realRoot()) && paths.isExcluded(dir)) {
      LOG.debug("Skipping excluded folder {}", dir);
      return FileVisitResult.SKIP_SUBTREE;
    }
    return FileVisitResult.CONTINUE;
  }

  @Override
  public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
    if (!attrs.isRegularFile() || !SharePaths.isIndexableName(file.getFileName().toString())) {
      return FileVisitResult.CONTINUE;
    }
    if (stopped.getAsBoolean()) {
      return FileVisitResult.TERMINATE;
    }
    String path = relative(file);
    progress.setOpaque(++seen);
    FileStamp stamp = FileStamp.of(attrs);
    FileState known = stored.remove(path);
    if (known == null || !known.stamp().equals(stamp)) {
      FileRecord record = new FileRecord(path, stamp, "", freshStamp, List.of());
      if (known == null) {
        writer.add(record, file);
        added++;
      } else {
        writer.replace(record, file);
        updated++;
      }
      if (!SmallFileContent.isSmall(stamp)) {
        // Small files are read by the writer, which queues them itself when it cannot.
        unhashed.add(path);
        if (!freshStamp.equals(versionStamp)) {
          unextracted.add(path);
        }
      }
      return FileVisitResult.CONTINUE;
    }
    if (known.sha256().isEmpty()) {
      unhashed.add(path);
    }
    if (!known.extractorsVersion().equals(versionStamp)) {
      unextracted.add(path);
    }
    return FileVisitResult.CONTINUE;
  }

  @Override
  public FileVisitResult visitFileFailed(Path file, IOException exc) {
    LOG.debug("Cannot read {} while reconciling: {}", file, exc.toString());
    keep(file);
    return FileVisitResult.CONTINUE;
  }

  @Override
  public FileVisitResult postVisitDirectory(Path dir, IOException exc) {
    if (exc != null) {
      LOG.debug("Cannot list {} while reconciling: {}", dir, exc.toString());
      keep(dir);
    }
    return FileVisitResult.CONTINUE;
  }

  private void keep(Path unreadablePath) {
    if (unreadablePath.equals(paths.realRoot())) {
      unreadable.add("");
    } else {
      unreadable.add(relative(unreadablePath));
    }
  }

  private Result finish() {
    List<String> gone = stored.keySet().stream().filter(path -> !underUnreadable(path)).toList();
    store.deleteStale(gone);
    return new Result(seen, added, updated, gone.size(), true);
  }

  private boolean underUnreadable(String path) {
    for (String folder : unreadable) {
      if (folder.isEmpty() || path.equals(folder) || path.startsWith(folder + "/")) {
        return true;
      }
    }
    return false;
  }

  private String relative(Path file) {
    // The walk's paths start with the root's: cutting it off spares a relative path's parts.
    String text = file.toString();
    if (rootPrefix != null && text.startsWith(rootPrefix)) {
      return text.substring(rootPrefix.length());
    }
    return SharePaths.toRelativeString(paths.realRoot().relativize(file));
  }
}
