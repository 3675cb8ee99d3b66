package io.diztl.bench;

import io.diztl.bench.Dist.NodeProc;
import io.diztl.index.ShareIndex;
import io.diztl.proto.v1.GetProgress;
import io.diztl.proto.v1.GetRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Downloads one large file from one node process to another over loopback, and the same file with
 * nginx and {@code curl -o file}, alternating run by run. Also the hashing figure: each node
 * started on the share hashes it from scratch, timed against {@code openssl dgst -sha256}.
 */
final class TransferBench {

  static final String FILE = "big.bin";

  /** The file the hashing figure moves into a running node's share, and out again. */
  private static final String LIVE_FILE = "added.bin";

  /** The receiving node's log line after a download, with the time of its final fsync. */
  private static final Pattern SYNC =
      Pattern.compile("Downloaded .* \\((\\d+) ms of it to sync[,)]");

  private final Plan plan;
  private final Dist dist;
  private final Path work;
  private final Report report;

  TransferBench(Plan plan, Dist dist, Path work, Report report) {
    this.plan = plan;
    this.dist = dist;
    this.work = work;
    this.report = report;
  }

  /** The share with the big file, created once. */
  Path share() {
    Path share = work.resolve("share");
    if (!Files.exists(share.resolve(FILE))) {
      DataSets.randomFile(share.resolve(FILE), plan.transferBytes());
    }
    return share;
  }

  void runHashing() {
    Path share = share();
    Optional<Path> openssl = Tools.find("openssl", "/usr/bin/openssl");
    double mb = plan.transferBytes() / 1e6;
    List<Double> ours = new ArrayList<>();
    List<Double> theirs = new ArrayList<>();
    List<Double> hashingAlone = new ArrayList<>();
    List<Double> hashingLive = new ArrayList<>();
    Path outside = work.resolve(LIVE_FILE);
    DataSets.randomFile(outside, plan.transferBytes());
    if (openssl.isPresent()) {
      for (Path file : List.of(share.resolve(FILE), outside)) {
        Proc.timed(
            List.of(openssl.get().toString(), "dgst", "-sha256", file.toString()),
            Duration.ofMinutes(2));
      }
    }
    for (int run = 0; run < plan.runs(); run++) {
      Path data = work.resolve("hash-data-" + run);
      Proc proc = dist.startNodeWithTracker("hash-" + run, share, data, Dist.freePort());
      try (NodeProc node = dist.connect(proc, data)) {
        node.await("the file hashed", Duration.ofMinutes(5), s -> s.getFilesHashed() == 1);
        long done = System.currentTimeMillis();
        long opened = NodeLog.millisOf(proc, "Opened index");
        ours.add(mb / ((done - opened) / 1000.0));
        hashingAlone.add(mb / (hashingMillis(proc, 1) / 1000.0));
        move(outside, share.resolve(LIVE_FILE));
        try {
          node.await("the added file hashed", Duration.ofMinutes(5), s -> s.getFilesHashed() == 2);
          hashingLive.add(mb / (hashingMillis(proc, 2) / 1000.0));
        } finally {
          move(share.resolve(LIVE_FILE), outside);
        }
      }
      DataSets.delete(data);
      if (openssl.isPresent()) {
        double seconds =
            Proc.timed(
                List.of(
                    openssl.get().toString(), "dgst", "-sha256", share.resolve(FILE).toString()),
                Duration.ofMinutes(2));
        theirs.add(mb / seconds);
      }
    }
    boolean reference = openssl.isPresent();
    addHashingRow(
        "SHA-256 hashing of the share (" + plan.transferSize() + " file)", ours, theirs, reference);
    addHashingRow(
        "  the same, the node's own hashing time (its log line `Hashed 1 files`)",
        hashingAlone,
        theirs,
        reference);
    addHashingRow(
        "  another file of that size moved into the running node's share: its own hashing time",
        hashingLive,
        theirs,
        reference);
    report.note(
        "SHA-256: a node process started on a share holding one "
            + plan.transferSize()
            + " file with an empty index; time from its log line `Opened index` (the JVM start"
            + " excluded) until `status` reports the file hashed (polled every 10 ms); the"
            + " second row takes the hashing time the node logs itself (`Hashed 1 files (N bytes)"
            + " in M ms`), without the node's start-up work that falls in the first; the third,"
            + " once that node is up and idle, moves a second file of the same size (random"
            + " bytes, read once beforehand) into the share and takes the node's own hashing time"
            + " of it (the watcher's quiet period is not in it). All read from the page cache.");
  }

  /** A hashing row in MB/s beside openssl's, with the 0.9x target. */
  private void addHashingRow(
      String label, List<Double> ours, List<Double> openssl, boolean haveOpenssl) {
    double ratio = haveOpenssl ? Stats.median(ours) / Stats.median(openssl) : Double.NaN;
    report.add(
        new Row(
            label,
            "MB/s",
            ours,
            haveOpenssl ? "`openssl dgst -sha256`" : "n/a (openssl not installed)",
            openssl,
            true,
            ">= 0.9x",
            Double.isNaN(ratio) ? "n/a" : Row.met(ratio >= 0.9),
            0));
  }

  /** The milliseconds the node logged for hashing its {@code nth} file of the benchmark's size. */
  private long hashingMillis(Proc proc, int nth) {
    Pattern line =
        Pattern.compile("Hashed 1 files \\(" + plan.transferBytes() + " bytes\\) in (\\d+) ms");
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<String> millis;
    while ((millis = NodeLog.all(proc, line)).size() < nth) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException("no hashing line " + nth + " in " + proc.log());
      }
      Sleep.millis(20);
    }
    return Math.max(1, Long.parseLong(millis.get(nth - 1)));
  }

  private static void move(Path from, Path to) {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The download over mutual TLS (the main row), then the same with both nodes in plain text
   * ({@code --insecure}), each beside curl in its own runs, so that readers see what TLS costs.
   */
  void runTransfer() {
    runTransfer(false);
    runTransfer(true);
  }

  private void runTransfer(boolean insecure) {
    Path share = share();
    String name = insecure ? "plain" : "transfer";
    Path dataA = work.resolve(name + "-a-data");
    Path dataB = work.resolve(name + "-b-data");
    Path emptyShare = work.resolve(name + "-b-share");
    int trackerPort = Dist.freePort();
    String[] extra = insecure ? new String[] {"--insecure"} : new String[0];
    Proc procA = dist.startNodeWithTracker(name + "-a", share, dataA, trackerPort, extra);
    List<Double> ours = new ArrayList<>();
    List<Double> curl = new ArrayList<>();
    List<Double> curlSync = new ArrayList<>();
    List<Double> syncMillis = new ArrayList<>();
    List<Double> senderCpu = new ArrayList<>();
    List<Double> receiverCpu = new ArrayList<>();
    List<Double> curlCpu = new ArrayList<>();
    List<Double> nginxCpu = new ArrayList<>();
    Optional<Path> nginxBinary = Nginx.binary();
    Optional<Path> curlBinary = Tools.find("curl", "/usr/bin/curl");
    try (NodeProc a = dist.connect(procA, dataA);
        NodeProc b =
            dist.connect(
                dist.startNode(name + "-b", emptyShare, dataB, trackerPort, extra), dataB);
        Nginx nginx =
            nginxBinary.isPresent() && curlBinary.isPresent()
                ? Nginx.start(nginxBinary.get(), share, work.resolve(name + "-nginx"))
                : null) {
      a.await("the file hashed", Duration.ofMinutes(5), s -> s.getFilesHashed() == 1);
      b.await("both nodes online", Duration.ofMinutes(1), s -> s.getPeersOnline() == 2);
      String ref = a.status().getNodeId() + ":" + ShareIndex.idOf(FILE);
      double mb = plan.transferBytes() / 1e6;
      // One run of each, not counted, warms the JVMs and the page cache.
      download(b, ref, work.resolve("warm-up"));
      if (nginx != null) {
        curl(curlBinary.get(), nginx, work.resolve("warm-up.bin"));
      }
      for (int run = 0; run < plan.runs(); run++) {
        double cpuA = a.proc().cpuSeconds();
        double cpuB = b.proc().cpuSeconds();
        ours.add(mb / download(b, ref, work.resolve("got-" + run)));
        double gib = plan.transferBytes() / (double) (1L << 30);
        senderCpu.add((a.proc().cpuSeconds() - cpuA) / gib);
        receiverCpu.add((b.proc().cpuSeconds() - cpuB) / gib);
        String sync = NodeLog.last(b.proc(), SYNC);
        if (sync != null) {
          syncMillis.add(Double.parseDouble(sync));
        }
        if (nginx != null) {
          double nginxBefore = nginx.cpuSeconds();
          double[] seconds = curl(curlBinary.get(), nginx, work.resolve("curl-" + run + ".bin"));
          nginxCpu.add((nginx.cpuSeconds() - nginxBefore) / gib);
          curl.add(mb / seconds[0]);
          curlSync.add(mb / (seconds[0] + seconds[1]));
          curlCpu.add(seconds[2] / gib);
        }
      }
    }
    String reference =
        nginxBinary.isEmpty()
            ? "n/a (nginx not installed)"
            : curlBinary.isEmpty() ? "n/a (curl not installed)" : "nginx + `curl -o file`";
    double ratio = curl.isEmpty() ? Double.NaN : Stats.median(ours) / Stats.median(curl);
    String figure =
        insecure
            ? "  the same in plain text (both nodes `--insecure`, no TLS): what TLS costs"
            : plan.transferSize()
                + " download node to node over loopback, verified, written to disk";
    report.add(
        new Row(
            figure,
            "MB/s",
            ours,
            reference,
            curl,
            true,
            ">= 1.0x",
            Double.isNaN(ratio) ? "n/a" : Row.met(ratio >= 1.0),
            0));
    if (insecure) {
      report.note(
          "Plain-text download (both nodes `--insecure`): as the download above, in runs of its"
              + " own beside curl; CPU time per GiB: sender node "
              + Stats.summary(senderCpu, 2)
              + " s, receiving node "
              + Stats.summary(receiverCpu, 2)
              + " s"
              + (curlCpu.isEmpty()
                  ? "."
                  : "; curl " + Stats.summary(curlCpu, 2) + " s in the same run."));
      return;
    }
    if (!curlSync.isEmpty()) {
      report.add(
          new Row(
              figure + ", against a reference that also syncs",
              "MB/s",
              ours,
              "nginx + `curl -o file` + fsync",
              curlSync,
              true,
              "— (fair durability)",
              "n/a",
              0));
    }
    report.note(
        "Download: `Get` through the receiving node's control API, timed from the request to"
            + " the last progress message (file received, SHA-256 verified, fsync'ed and linked"
            + " under its final name); no JVM start in it. curl is timed as a process (under bash,"
            + " which reports its CPU time; bash adds a few milliseconds)"
            + " (`curl -s -o file`), and the fsync row adds the time of an fsync of curl's file"
            + " afterwards. Both sides read the source from the page cache. One run of each is"
            + " a warm-up and not counted."
            + (syncMillis.isEmpty()
                ? ""
                : " The receiving node's final fsync took "
                    + Stats.summary(syncMillis, 0)
                    + " ms of each download (its log); the data was flushed in the background"
                    + " while it arrived.")
            + " CPU time per GiB (utime+stime from /proc, less sensitive to a busy machine than"
            + " the wall time): sender node "
            + Stats.summary(senderCpu, 2)
            + " s, receiving node "
            + Stats.summary(receiverCpu, 2)
            + " s"
            + (curlCpu.isEmpty()
                ? "."
                : "; in the same run, curl "
                    + Stats.summary(curlCpu, 2)
                    + " s (its user+system time as bash's `times` reports it) and nginx "
                    + Stats.summary(nginxCpu, 2)
                    + " s (master and worker, from /proc)."));
  }

  /** Downloads through node {@code b} and returns the seconds it took. */
  static double download(NodeProc b, String ref, Path target) {
    long start = System.nanoTime();
    Iterator<GetProgress> progress =
        b.control()
            .get(GetRequest.newBuilder().setRef(ref).setTargetDir(target.toString()).build());
    GetProgress last = null;
    while (progress.hasNext()) {
      last = progress.next();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (last == null || !last.getDone()) {
      throw new IllegalStateException("download of " + ref + " did not finish: " + last);
    }
    DataSets.delete(target);
    return seconds;
  }

  /**
   * Fetches the file with curl; returns the seconds of curl and of an fsync afterwards, and curl's
   * CPU seconds.
   */
  private double[] curl(Path curl, Nginx nginx, Path out) {
    double[] timed =
        Proc.timedWithCpu(
            List.of(curl.toString(), "-s", "-f", "-o", out.toString(), nginx.url(FILE)),
            Duration.ofMinutes(5));
    double seconds = timed[0];
    try {
      if (Files.size(out) != plan.transferBytes()) {
        throw new IllegalStateException(
            "curl fetched " + Files.size(out) + " bytes, expected " + plan.transferBytes());
      }
      long start = System.nanoTime();
      try (FileChannel channel = FileChannel.open(out, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      double sync = (System.nanoTime() - start) / 1e9;
      Files.delete(out);
      return new double[] {seconds, sync, timed[1]};
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
