package io.diztl.index.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.diztl.index.MerkleHasher;
import io.diztl.index.PieceHashes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParallelFileHasherTest {

  private static final int KIB = 1024;
  private static final int MIB = 1024 * KIB;

  @TempDir Path dir;

  private Path file(int size) throws IOException {
    byte[] content = new byte[size];
    new Random(size).nextBytes(content);
    return Files.write(dir.resolve("f" + size), content);
  }

  /** The hashes of the one-thread hasher, fed the whole content at once. */
  private static PieceHashes streamed(Path file) throws IOException {
    byte[] content = Files.readAllBytes(file);
    MerkleHasher hasher = new MerkleHasher(content.length);
    hasher.update(ByteBuffer.wrap(content));
    return hasher.finish();
  }

  private static PieceHashes parallel(Path file, long size, int chunk) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return ParallelFileHasher.hash(file, channel, size, chunk);
    }
  }

  @Test
  void givesTheStreamedHashesWhateverTheChunkAndALastPieceShortOrWhole() throws Exception {
    // 128 KiB pieces: chunks of one piece (smaller than a piece too), of several, of all.
    int[] sizes = {1, 16 * KIB, 128 * KIB + 1, 3 * MIB, 5 * MIB + 7, 9 * MIB - 1};
    int[] chunks = {1, 128 * KIB, 384 * KIB, MIB, 16 * MIB};
    for (int size : sizes) {
      Path file = file(size);
      PieceHashes expected = streamed(file);
      for (int chunk : chunks) {
        assertEquals(expected, parallel(file, size, chunk), size + " bytes in chunks of " + chunk);
      }
    }
  }

  @Test
  void aFileOfAnotherSizeThanAnnouncedFailsWithItsName() throws Exception {
    Path file = file(2 * MIB);
    IOException longer = assertThrows(IOException.class, () -> parallel(file, 3 * MIB, MIB));
    IOException shorter = assertThrows(IOException.class, () -> parallel(file, MIB, 256 * KIB));
    assertTrue(longer.getMessage().contains(file + " changed size"), longer.getMessage());
    assertTrue(shorter.getMessage().contains(file + " changed size"), shorter.getMessage());
  }

  @Test
  void anInterruptedCallerStopsWithTheInterruptAndTheThreadsServeTheNextFile() throws Exception {
    Path file = file(12 * MIB);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread caller =
        Thread.ofPlatform()
            .unstarted(
                () -> {
                  Thread.currentThread().interrupt();
                  try {
                    parallel(file, 12 * MIB, 128 * KIB);
                  } catch (IOException | RuntimeException e) {
                    failure.set(e);
                  }
                });
    caller.start();
    caller.join();
    assertTrue(failure.get() instanceof ClosedByInterruptException, String.valueOf(failure.get()));
    assertEquals(streamed(file), parallel(file, 12 * MIB, MIB));
  }

  @Test
  void onceServingTheThreadThatHashesAChunkRunsAtALowPriority() throws Exception {
    assumeTrue(Files.isSymbolicLink(Path.of("/proc/thread-self")), "Linux only");
    ParallelFileHasher.serving();
    Path file = file(MIB);
    assertEquals(streamed(file), parallel(file, MIB, 128 * KIB));
    List<Integer> nice = new ArrayList<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : tasks.toList()) {
        String stat = Files.readString(task.resolve("stat"));
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (name.startsWith("diztl-hash-")) {
          nice.add(Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]));
        }
      }
    }
    // A thread lowers itself at its first chunk; a second thread may have found none left.
    assertTrue(nice.stream().anyMatch(value -> value >= 10), "nice values " + nice);
  }
}
