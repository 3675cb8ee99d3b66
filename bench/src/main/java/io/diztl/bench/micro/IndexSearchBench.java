package io.diztl.bench.micro;

import io.diztl.api.SearchQuery;
import io.diztl.index.IndexConfig;
import io.diztl.index.IndexedFile;
import io.diztl.index.ShareIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** A search of a real share index of 10,000 files, as a node answers the tracker. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class IndexSearchBench {

  private static final String[] WORDS = {
    "holiday", "photo", "report", "invoice", "song", "movie", "draft", "scan", "backup", "notes"
  };

  private Path root;
  private ShareIndex index;

  /** Writes 10,000 files and indexes them. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    root = Files.createTempDirectory("diztl-jmh");
    Path share = Files.createDirectories(root.resolve("share"));
    for (int i = 0; i < 10_000; i++) {
      Path dir = Files.createDirectories(share.resolve("d" + (i % 100)));
      String name = WORDS[i % 10] + "_" + WORDS[(i / 10) % 10] + "-" + i + ".txt";
      Files.writeString(dir.resolve(name), "x");
    }
    index = ShareIndex.open(new IndexConfig(share, root.resolve("index"), List.of()));
    index.reconcile();
  }

  /** Closes the index and deletes its files. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    index.close();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** Two words, the last a prefix: matches 100 files. */
  @Benchmark
  public List<IndexedFile> twoWords() {
    return index.search(SearchQuery.ofText("holiday pho"));
  }
}
