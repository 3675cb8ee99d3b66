package io.diztl.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.SearchQuery;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times a first indexing and hashing in-process beside its reference in the same run, alternating:
 * a share of small files in folders of 100 against {@code find -printf}, and one large file against
 * {@code openssl dgst -sha256}. Logs medians and ratios; checks the counts, not the times. Opt-in:
 * {@code -Ddiztl.scale=true}; {@code -Ddiztl.scale.files=N} (default 100,000), {@code
 * -Ddiztl.scale.runs=N} (default 3), {@code -Ddiztl.scale.bigMiB=N} (default 1024).
 */
@EnabledIfSystemProperty(named = "diztl.scale", matches = "true")
class ShareIndexScaleTest {

  private static final Logger LOG = LoggerFactory.getLogger(ShareIndexScaleTest.class);
  private static final int FILES_PER_FOLDER = 100;
  private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(30);

  private final int files = Integer.getInteger("diztl.scale.files", 100_000);
  private final int runs = Integer.getInteger("diztl.scale.runs", 3);
  private final int bigMiB = Integer.getInteger("diztl.scale.bigMiB", 1024);

  @TempDir Path work;

  @Test
  void indexesAndHashesManySmallFiles() throws Exception {
    Path share = Files.createDirectories(work.resolve("share"));
    String last = writeSmallFiles(share);
    List<Double> find = new ArrayList<>();
    List<Double> reconcile = new ArrayList<>();
    List<Double> searchable = new ArrayList<>();
    List<Double> hashed = new ArrayList<>();
    List<Double> total = new ArrayList<>();
    List<Double> reconcileCpu = new ArrayList<>();
    List<Double> hashCpu = new ArrayList<>();
    for (int run = 0; run < runs; run++) {
      find.add(
          files
              / seconds(
                  () -> exec("find", share.toString(), "-type", "f", "-printf", "%s %T@ %p\\n")));
      Path indexDir = work.resolve("index-" + run);
      long start = System.nanoTime();
      long startCpu = cpuNanos();
      try (ShareIndex index = ShareIndex.open(new IndexConfig(share, indexDir, List.of()))) {
        index.reconcile();
        long reconciled = System.nanoTime();
        long reconciledCpu = cpuNanos();
        assertFalse(index.search(SearchQuery.ofText(last)).isEmpty(), "finds " + last);
        long found = System.nanoTime();
        assertTrue(index.awaitIdle(IDLE_TIMEOUT), "idle");
        long idle = System.nanoTime();
        long idleCpu = cpuNanos();
        IndexStats stats = index.stats();
        assertEquals(files, stats.files());
        assertEquals(files, stats.hashed());
        reconcile.add(files * 1e9 / (reconciled - start));
        searchable.add(files * 1e9 / (found - start));
        hashed.add(files * 1e9 / (idle - found));
        total.add(files * 1e9 / (idle - start));
        reconcileCpu.add((reconciledCpu - startCpu) / 1e3 / files);
        hashCpu.add((idleCpu - reconciledCpu) / 1e3 / files);
        LOG.info(
            "run {}: find {} files/s; open+reconcile {} files/s ({}x), searchable {} files/s ({}x),"
                + " hashing {} files/s, all {} files/s; CPU per file: reconcile {} us, hashing {}"
                + " us; heap used {} MiB, {}",
            run,
            round(find.getLast()),
            round(reconcile.getLast()),
            ratio(reconcile.getLast(), find.getLast()),
            round(searchable.getLast()),
            ratio(searchable.getLast(), find.getLast()),
            round(hashed.getLast()),
            round(total.getLast()),
            round(reconcileCpu.getLast()),
            round(hashCpu.getLast()),
            heapUsedMiB(),
            memory());
      }
    }
    LOG.info(
        "{} files, median of {} runs: find {} files/s; open+reconcile {} files/s ({}x); searchable"
            + " {} files/s ({}x); hashing after it {} files/s; indexed and hashed {} files/s; CPU"
            + " per file (all threads): reconcile {} us, hashing {} us",
        files,
        runs,
        round(median(find)),
        round(median(reconcile)),
        ratio(median(reconcile), median(find)),
        round(median(searchable)),
        ratio(median(searchable), median(find)),
        round(median(hashed)),
        round(median(total)),
        round(median(reconcileCpu)),
        round(median(hashCpu)));
  }

  @Test
  void hashesALargeFile() throws Exception {
    Path share = Files.createDirectories(work.resolve("big"));
    Path big = share.resolve("big.bin");
    writeRandom(big, (long) bigMiB << 20);
    double bytes = Files.size(big);
    List<Double> openssl = new ArrayList<>();
    List<Double> diztl = new ArrayList<>();
    for (int run = 0; run < runs; run++) {
      openssl.add(bytes / 1e6 / seconds(() -> exec("openssl", "dgst", "-sha256", big.toString())));
      try (ShareIndex index =
          ShareIndex.open(new IndexConfig(share, work.resolve("big-index-" + run), List.of()))) {
        index.reconcile();
        long start = System.nanoTime();
        assertTrue(index.awaitIdle(IDLE_TIMEOUT), "idle");
        diztl.add(bytes * 1e3 / (System.nanoTime() - start));
        assertEquals(1, index.stats().hashed());
      }
      LOG.info(
          "run {}: openssl {} MB/s, diztl {} MB/s ({}x)",
          run,
          round(openssl.getLast()),
          round(diztl.getLast()),
          ratio(diztl.getLast(), openssl.getLast()));
    }
    LOG.info(
        "{} MiB, median of {} runs: openssl {} MB/s, diztl hashing {} MB/s ({}x)",
        bigMiB,
        runs,
        round(median(openssl)),
        round(median(diztl)),
        ratio(median(diztl), median(openssl)));
  }

  /** Writes the small files, the file names of a real share; returns a word of the last one. */
  private String writeSmallFiles(Path share) throws IOException {
    String[] words = {"Holiday", "photo", "Track", "mixTape", "report", "IMG", "Scan", "draft"};
    String word = "";
    for (int i = 0; i < files; i++) {
      Path folder = share.resolve(String.format(Locale.ROOT, "Album %04d", i / FILES_PER_FOLDER));
      if (i % FILES_PER_FOLDER == 0) {
        Files.createDirectories(folder);
      }
      word = "Unique" + i;
      String name =
          String.format(
              Locale.ROOT, "%s_%s-%s %05d.txt", words[i % 8], words[(i / 8) % 8], word, i);
      Files.writeString(folder.resolve(name), "file " + i + "\n", StandardCharsets.UTF_8);
    }
    return word.toLowerCase(Locale.ROOT);
  }

  private static void writeRandom(Path file, long size) throws IOException {
    byte[] block = new byte[1 << 20];
    new Random(1).nextBytes(block);
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0; written < size; written += block.length) {
        block[0]++;
        out.write(block);
      }
    }
  }

  private static void exec(String... command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new AssertionError(command[0] + " failed");
    }
  }

  private static double seconds(Timed action) throws Exception {
    long start = System.nanoTime();
    action.run();
    return (System.nanoTime() - start) / 1e9;
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static long round(double value) {
    return Math.round(value);
  }

  private static String ratio(double diztl, double reference) {
    return String.format(Locale.ROOT, "%.3f", diztl / reference);
  }

  /** CPU time of this process so far, every thread (the JVM's own too). */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long heapUsedMiB() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
  }

  /** The process's resident set now and at its peak, from /proc (Linux). */
  private static String memory() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(line -> line.startsWith("VmRSS") || line.startsWith("VmHWM"))
        .map(line -> line.replaceAll("\\s+", " "))
        .reduce((a, b) -> a + ", " + b)
        .orElse("RSS unknown");
  }

  /** Something timed. */
  @FunctionalInterface
  private interface Timed {
    void run() throws Exception;
  }
}
