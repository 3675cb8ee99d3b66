package io.diztl.index.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store over a directory that starts failing like a process out of file descriptors: Lucene's
 * writer closes itself, the store refuses writes with a clear error, reopens the writer once the
 * fault is gone, and writes and searches work again.
 */
class IndexStoreRecoveryTest {

  private static final FileStamp STAMP = new FileStamp(3, 1_000);

  @TempDir Path indexDir;
  private final AtomicBoolean failing = new AtomicBoolean();
  private final AtomicInteger reopened = new AtomicInteger();
  private IndexStore store;

  @BeforeEach
  void open() {
    store = IndexStore.open(indexDir, directory -> new Faulty(directory, failing));
    store.onReopened(reopened::incrementAndGet);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void aWriterLostToTooManyOpenFilesIsReopenedOnceTheFaultIsGone() throws Exception {
    store.upsert(new FileRecord("before.txt", STAMP, ""));
    store.refresh();
    assertEquals(1, store.stats().files());

    failing.set(true);
    DiztlException lost = null;
    for (int i = 0; i < 1_000 && lost == null; i++) {
      try {
        store.upsert(new FileRecord("during" + i + ".txt", STAMP, ""));
        store.refresh();
      } catch (DiztlException e) {
        lost = e;
      }
    }
    assertTrue(lost != null, "the fault reached the writer");
    eventually("the writer is lost", store::writerLost);
    DiztlException refused =
        assertThrows(DiztlException.class, () -> store.upsert(new FileRecord("x.txt", STAMP, "")));
    assertEquals(ErrorKind.UNAVAILABLE, refused.kind());
    assertTrue(refused.getMessage().contains("it is being reopened"), refused.getMessage());
    assertEquals(0, store.reopens());

    failing.set(false);
    eventually("the writer is reopened", () -> !store.writerLost());
    assertEquals(1, store.reopens());
    assertEquals(1, reopened.get(), "told to redo the lost writes");
    store.upsert(new FileRecord("after.txt", STAMP, ""));
    store.refresh();
    assertTrue(store.findById(DocumentMapper.idOf("after.txt")).isPresent());
    // during0.txt was written after the fault came, so no commit has it: the writer reopens from
    // the last commit, and the onReopened action (a reconcile, in the index) writes it again.
    // (before.txt may or may not be in that commit: the store commits on a timer of its own.)
    assertFalse(store.findById(DocumentMapper.idOf("during0.txt")).isPresent());
    assertFalse(store.writerLost());
  }

  private static void eventually(String what, BooleanSupplier condition) throws Exception {
    long end = System.nanoTime() + 30_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  /** A directory whose new files fail while {@code failing} is set, as with EMFILE. */
  private static final class Faulty extends FilterDirectory {
    private final AtomicBoolean failing;

    Faulty(Directory in, AtomicBoolean failing) {
      super(in);
      this.failing = failing;
    }

    @Override
    public IndexOutput createOutput(String name, IOContext context) throws IOException {
      if (failing.get()) {
        throw new FileSystemException(name, null, "Too many open files");
      }
      return super.createOutput(name, context);
    }

    @Override
    public IndexOutput createTempOutput(String prefix, String suffix, IOContext context)
        throws IOException {
      if (failing.get()) {
        throw new FileSystemException(prefix, null, "Too many open files");
      }
      return super.createTempOutput(prefix, suffix, context);
    }
  }
}
