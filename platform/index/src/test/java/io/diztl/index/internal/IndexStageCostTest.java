package io.diztl.index.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The floor of a first indexing, stage by stage, on one thread: the walk alone, the hashing of the
 * small files, the second look at each file, building the documents, and Lucene's indexing of them
 * without merges or refreshes (the whole layout, then without one group of fields at a time, then
 * with a 256 MB buffer), three rounds. Prints the CPU and wall time per file of each stage; checks
 * the counts, not the times. Opt-in: {@code -Ddiztl.scale=true}, {@code -Ddiztl.scale.files=N}
 * (default 100,000).
 */
@EnabledIfSystemProperty(named = "diztl.scale", matches = "true")
class IndexStageCostTest {
  private static final int FILES = Integer.getInteger("diztl.scale.files", 100_000);
  @TempDir Path work;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Test
  void stages() throws Exception {
    Path share = Files.createDirectories(work.resolve("share"));
    String[] words = {"Holiday", "photo", "Track", "mixTape", "report", "IMG", "Scan", "draft"};
    for (int i = 0; i < FILES; i++) {
      Path folder = share.resolve(String.format(Locale.ROOT, "Album %04d", i / 100));
      if (i % 100 == 0) {
        Files.createDirectories(folder);
      }
      String name =
          String.format(
              Locale.ROOT, "%s_%s-%s %05d.txt", words[i % 8], words[(i / 8) % 8], "Unique" + i, i);
      Files.writeString(folder.resolve(name), "file " + i + "\n", StandardCharsets.UTF_8);
    }
    for (int round = 0; round < 3; round++) {
      List<FileRecord> records = new ArrayList<>();
      List<Path> absolute = new ArrayList<>();
      time(
          "walk (walkFileTree, attributes of the walk)",
          () -> {
            Files.walkFileTree(
                share,
                new SimpleFileVisitor<>() {
                  @Override
                  public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
                    records.add(
                        new FileRecord(
                            SharePaths.toRelativeString(share.relativize(f)),
                            FileStamp.of(a),
                            "",
                            "",
                            List.of()));
                    absolute.add(f);
                    return FileVisitResult.CONTINUE;
                  }
                });
          });
      assertEquals(FILES, records.size());
      List<FileRecord> hashed = new ArrayList<>();
      time(
          "hash of each small file (open, read, SHA-256)",
          () -> {
            for (int i = 0; i < records.size(); i++) {
              hashed.add(records.get(i).withSha256(Sha256.contentOf(absolute.get(i)).rootHex()));
            }
          });
      time(
          "second look at each file (lstat)",
          () -> {
            for (Path file : absolute) {
              FileStamp.ofRegularFile(file);
            }
          });
      time(
          "DocumentMapper.toDocument",
          () -> {
            for (FileRecord record : hashed) {
              DocumentMapper.toDocument(record);
            }
          });
      for (String drop :
          List.of(
              "",
              "id",
              "path_exact,name_exact",
              "sha256",
              "path_words,name",
              "extension,type,extractors")) {
        Set<String> dropped = drop.isEmpty() ? Set.of() : Set.of(drop.split(","));
        for (int mb : new int[] {16, 256}) {
          if (mb == 256 && !drop.isEmpty()) {
            continue;
          }
          Path dir = work.resolve("idx-" + round + "-" + drop + mb);
          time(
              "index drop=[" + drop + "] ram=" + mb,
              () -> {
                try (FSDirectory d = FSDirectory.open(dir);
                    IndexWriter w =
                        new IndexWriter(
                            d,
                            new IndexWriterConfig(NameAnalyzer.forIndex())
                                .setRAMBufferSizeMB(mb)
                                .setMergePolicy(NoMergePolicy.INSTANCE)
                                .setUseCompoundFile(false))) {
                  for (FileRecord r : hashed) {
                    Document doc = DocumentMapper.toDocument(r);
                    dropped.forEach(doc::removeFields);
                    w.addDocument(doc);
                  }
                  w.flush();
                  assertEquals(FILES, w.getDocStats().numDocs);
                }
              });
        }
      }
    }
  }

  /** One stage. */
  interface Step {
    void run() throws Exception;
  }

  static void time(String what, Step step) throws Exception {
    long c = THREADS.getCurrentThreadCpuTime();
    long w = System.nanoTime();
    step.run();
    long cpu = THREADS.getCurrentThreadCpuTime() - c;
    long wall = System.nanoTime() - w;
    System.out.printf(
        Locale.ROOT,
        "stage %-50s cpu %6.2f us/file wall %6.2f us/file%n",
        what,
        cpu / 1e3 / FILES,
        wall / 1e3 / FILES);
  }
}
