package io.diztl.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/** Creates the data the benchmarks run on. */
final class DataSets {

  /** Words the names of the many small files are made of. */
  private static final String[] WORDS = {
    "holiday", "photo", "report", "invoice", "song", "movie", "draft", "scan", "backup", "notes",
    "budget", "slides", "recipe", "letter", "map", "manual", "podcast", "album", "sketch", "paper"
  };

  /** The name of the last of the many small files; its words occur in no other name. */
  static final String LAST_NAME = "lastfile-zebracorn.txt";

  static final String LAST_QUERY = "lastfile zebracorn";

  private DataSets() {}

  /** Writes {@code bytes} of pseudo-random data to {@code file}. */
  static void randomFile(Path file, long bytes) {
    try {
      Files.createDirectories(file.getParent());
      SplittableRandom random = new SplittableRandom(42);
      ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
      try (FileChannel out =
          FileChannel.open(
              file,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        long left = bytes;
        while (left > 0) {
          buffer.clear();
          while (buffer.remaining() >= Long.BYTES) {
            buffer.putLong(random.nextLong());
          }
          buffer.flip();
          buffer.limit((int) Math.min(buffer.limit(), left));
          left -= buffer.remaining();
          while (buffer.hasRemaining()) {
            out.write(buffer);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Writes {@code count} small files spread over {@code count / 100} folders (at least one); the
   * last one is {@link #LAST_NAME}.
   */
  static void manyFiles(Path root, int count) {
    int folders = Math.max(1, count / 100);
    try {
      for (int i = 0; i < count; i++) {
        Path dir = root.resolve(String.format("folder-%04d", i % folders));
        if (i < folders) {
          Files.createDirectories(dir);
        }
        String name =
            i == count - 1
                ? LAST_NAME
                : String.format(
                    "%s-%s-%06d.txt", WORDS[i % WORDS.length], WORDS[(i / 7) % WORDS.length], i);
        Files.writeString(dir.resolve(name), "file " + i + "\n", StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write files in " + root, e);
    }
  }

  /** Deletes {@code path} and everything under it, if it exists. */
  static void delete(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> all = Files.walk(path)) {
      all.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }
}
