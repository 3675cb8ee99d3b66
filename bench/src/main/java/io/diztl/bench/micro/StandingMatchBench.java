package io.diztl.bench.micro;

import io.diztl.api.SearchQuery;
import io.diztl.index.IndexConfig;
import io.diztl.index.ShareIndex;
import io.diztl.index.StandingQuery;
import io.diztl.index.WrittenFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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

/**
 * What a node spends on each new file to match it against the standing queries it holds: 1,000
 * queries beside the reference of one. Calls take the files the index wrote in turn, so a call
 * builds the in-memory index of its file as for a new file until every file had its turn (the 1,000
 * queries take longer than that; the quick reference reuses them after).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StandingMatchBench {

  private static final String[] WORDS = {
    "holiday", "photo", "report", "invoice", "song", "movie", "draft", "scan", "backup", "notes"
  };
  private static final int FILES = 5_000;

  private Path root;
  private ShareIndex index;
  private final List<StandingQuery> thousand = new ArrayList<>();
  private StandingQuery one;
  private final List<WrittenFile> written = new CopyOnWriteArrayList<>();
  private int next;

  /** Indexes {@value #FILES} files, keeping each as written, and compiles the queries. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    root = Files.createTempDirectory("diztl-jmh-standing");
    Path share = Files.createDirectories(root.resolve("share"));
    index = ShareIndex.open(new IndexConfig(share, root.resolve("index"), List.of()));
    index.reconcile();
    index.onWritten(written::add);
    for (int i = 0; i < FILES; i++) {
      Path dir = Files.createDirectories(share.resolve("d" + (i % 100)));
      String name = WORDS[i % 10] + "_" + WORDS[(i / 10) % 10] + "-" + i + ".txt";
      index.fileChanged(Files.writeString(dir.resolve(name), "x"));
    }
    index.awaitIdle(Duration.ofMinutes(2));
    for (int i = 0; i < 1000; i++) {
      String text =
          switch (i % 4) {
            case 0 -> WORDS[i % 10] + " q" + i;
            case 1 -> WORDS[i % 10] + " size>" + i + "K";
            case 2 -> "\"" + WORDS[i % 10] + " " + WORDS[(i / 10) % 10] + "\" ext:pdf";
            default -> WORDS[(i / 4) % 10].substring(0, 3) + " -" + WORDS[i % 10];
          };
      thousand.add(index.compileStanding(SearchQuery.ofText(text)));
    }
    one = thousand.getFirst();
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

  /** One new file against 1,000 standing queries. */
  @Benchmark
  public int newFileThousandQueries() {
    WrittenFile file = nextFile();
    int matches = 0;
    for (StandingQuery query : thousand) {
      if (file.match(query).isPresent()) {
        matches++;
      }
    }
    return matches;
  }

  /** The reference: one new file against one standing query. */
  @Benchmark
  public boolean newFileOneQuery() {
    return nextFile().match(one).isPresent();
  }

  private WrittenFile nextFile() {
    WrittenFile file = written.get(next);
    next = (next + 1) % written.size();
    return file;
  }
}
