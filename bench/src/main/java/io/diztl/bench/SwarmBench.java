package io.diztl.bench;

import io.diztl.bench.Dist.NodeProc;
import io.diztl.index.MerkleHasher;
import io.diztl.index.ShareIndex;
import io.diztl.proto.v1.DownloadEntry;
import io.diztl.proto.v1.GetProgress;
import io.diztl.proto.v1.GetRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * Downloads from three node processes that share the same file, each held to its own {@code
 * --max-upload N}: how much they deliver together, whether each one's limit holds (its bytes from
 * its own {@code diztl_transfer_bytes_total} metric, sampled while the download runs), and how many
 * bytes the sources serve again when the receiving node is killed (SIGKILL) halfway and restarted.
 */
final class SwarmBench {

  private static final String FILE = "swarm.bin";
  private static final int SOURCES = 3;
  private static final Duration SAMPLE = Duration.ofMillis(100);
  private static final Duration BOUND = Duration.ofMinutes(5);

  /** The receiving node's log line of a download: the bytes its partial kept. */
  private static final Pattern KEPT = Pattern.compile("pieces, (\\d+) kept\\) from");

  /** The receiving node's log line of a finished download: what it fetched twice, say. */
  private static final Pattern SURPLUS =
      Pattern.compile("(\\d+) bytes fetched beyond what was missing");

  /** The receiving node's log line of a partial it opens: the bytes of unfinished pieces kept. */
  private static final Pattern STARTED =
      Pattern.compile("(\\d+) bytes of \\d+ unfinished pieces kept");

  private final Plan plan;
  private final Dist dist;
  private final Path work;
  private final Report report;
  private final List<Double> used = new ArrayList<>();
  private final List<Double> lost = new ArrayList<>();
  private final List<Double> surplus = new ArrayList<>();

  SwarmBench(Plan plan, Dist dist, Path work, Report report) {
    this.plan = plan;
    this.dist = dist;
    this.work = work;
    this.report = report;
  }

  void run() {
    long limitMib = plan.quick() ? 8 : 10;
    // About eight seconds of data at the three limits together.
    long bytes = (limitMib << 20) * SOURCES * (plan.quick() ? 3 : 8);
    int trackerPort = Dist.freePort();
    List<Source> sources = new ArrayList<>();
    try {
      for (int i = 0; i < SOURCES; i++) {
        sources.add(startSource(i, trackerPort, limitMib, bytes));
      }
      for (Source source : sources) {
        source.node().await("the file hashed", Duration.ofMinutes(5), s -> s.getFilesHashed() == 1);
      }
      String ref = sources.get(0).node().status().getNodeId() + ":" + ShareIndex.idOf(FILE);
      List<Double> together = new ArrayList<>();
      List<Double> fastest = new ArrayList<>();
      List<Double> again = new ArrayList<>();
      // A first download not counted: each source answers its first hash search cold.
      deliver(sources, trackerPort, ref, -1);
      used.clear();
      for (int run = 0; run < plan.runs(); run++) {
        Throughput measured = deliver(sources, trackerPort, ref, run);
        together.add(measured.together());
        fastest.add(measured.fastest());
        again.add(resumeOverhead(sources, trackerPort, ref, bytes, run) / 1024.0);
      }
      long pieceBytes = MerkleHasher.pieceSize(bytes);
      rows(limitMib, bytes, pieceBytes, together, fastest, again);
    } finally {
      sources.forEach(Source::close);
    }
  }

  private void rows(
      long limitMib,
      long bytes,
      long pieceBytes,
      List<Double> together,
      List<Double> fastest,
      List<Double> again) {
    List<Double> limits = together.stream().map(x -> (double) limitMib).toList();
    report.add(
        new Row(
            (bytes >> 20)
                + " MiB from "
                + SOURCES
                + " nodes each started with --max-upload "
                + limitMib
                + "M: together, per limit N",
            "MiB/s",
            together,
            "one source's limit N",
            limits,
            true,
            ">= 2.5x",
            Row.met(Stats.median(together) >= 2.5 * limitMib),
            1));
    report.add(
        new Row(
            "the same: the fastest source, its bytes over its active time (its own metric)",
            "MiB/s",
            fastest,
            "its limit N",
            limits,
            true,
            "within 10% of N",
            Row.met(Stats.max(fastest) <= 1.1 * limitMib),
            1));
    double onePiecePerSource = SOURCES * pieceBytes / 1024.0;
    report.add(
        Row.alone(
            "resume after the receiving node is killed (SIGKILL) at 50% and restarted: bytes"
                + " the "
                + SOURCES
                + " sources served beyond the file's size ("
                + (pieceBytes >> 10)
                + " KiB pieces)",
            "KiB",
            again,
            "< one piece per source (" + Math.round(onePiecePerSource) + " KiB)",
            Row.met(Stats.max(again) < onePiecePerSource),
            0));
    report.add(
        Row.alone(
            "  of which: sent before the kill but not kept by the receiver (in flight: not yet"
                + " written into its part)",
            "KiB",
            lost,
            "—",
            "n/a",
            0));
    report.note(
        "Swarm: "
            + SOURCES
            + " node processes (the first runs the tracker) share the same "
            + (bytes >> 20)
            + " MiB file, each started with `--max-upload "
            + limitMib
            + "M`; a fourth downloads it with `Get` (the first node's search hit), finding the"
            + " others with a hash search (sources used, as `diztl downloads` lists them: "
            + Stats.summary(used, 0)
            + "; a first download is a warm-up and not counted). Together = file size / time from"
            + " the request to the verified file in place. Each source's bytes come from its own"
            + " `diztl_transfer_bytes_total{direction=\"upload\"}` (`--metrics-port`), sampled"
            + " every "
            + SAMPLE.toMillis()
            + " ms; its active time runs from the last sample before it sent to the first after it"
            + " stopped. Resume: the same download, the receiver killed with SIGKILL once its"
            + " `ListDownloads` shows half the bytes, restarted on the same data folder (it takes"
            + " up its saved queue by itself); the figure is the sources' bytes sent, summed over"
            + " the three metrics, less the file's size; what the receiver kept is from its log"
            + " line `... kept) from N sources` after the restart, plus the received start of"
            + " unfinished pieces it kept (`... bytes of N unfinished pieces kept`); the sources'"
            + " bytes at the kill are read once their counts stop moving (what they sent the dead"
            + " receiver before they saw its connection close is in it). What is sent"
            + " but never kept is what was on its way: bounded by each source's request, about 50"
            + " ms at its speed and at most 8 MiB (`SwarmDownload.RUN_TIME`); the receiver writes"
            + " bytes into its part as they arrive, and on restart verifies again the pieces"
            + " written after its last fsynced record and goes on from the received start of the"
            + " others (`PiecePartial`). A node below 16 MiB/s (its streams together) is"
            + " fetched from over one stream, two pieces at a time in parts of 64 KiB up to half"
            + " a piece (about four of its shortest recent round trips of its data,"
            + " `SlowParts`), all on one `Peer.DownloadRanges` call, each part asked for once half"
            + " of the one before it came, each buffer written into the part as it"
            + " comes (`PieceScheduler`, `SwarmDownload`, `PieceReceiver`). Each"
            + " run's resume, served again / of which sent before the kill and not kept / fetched"
            + " beyond what was missing after the restart (the resumed node's log: pieces fetched"
            + " twice in the endgame, bad pieces, kept starts that did not verify), KiB: "
            + perRun(again)
            + ".");
  }

  /** Each run's resume overhead beside what of it was sent before the kill and not kept. */
  private String perRun(List<Double> again) {
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < again.size() && i < lost.size(); i++) {
      String twice =
          i >= surplus.size()
              ? ""
              : " / " + (surplus.get(i).isNaN() ? "n/a" : Math.round(surplus.get(i)));
      runs.add(Math.round(again.get(i)) + " / " + Math.round(lost.get(i)) + twice);
    }
    return String.join(", ", runs);
  }

  /** One timed download; returns the rate of all sources together and of the fastest one. */
  private Throughput deliver(List<Source> sources, int trackerPort, String ref, int run) {
    Path data = work.resolve("get-" + run + "-data");
    Path target = work.resolve("got-" + run);
    try (NodeProc receiver = receiver("swarm-get-" + run, data, trackerPort)) {
      List<long[]> samples = new ArrayList<>();
      long start = System.nanoTime();
      Iterator<GetProgress> progress =
          receiver
              .control()
              .get(GetRequest.newBuilder().setRef(ref).setTargetDir(target.toString()).build());
      AtomicBoolean over = new AtomicBoolean();
      Thread sampler =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    while (!over.get()) {
                      samples.add(sample(sources, start));
                      Sleep.millis(SAMPLE.toMillis());
                    }
                  });
      GetProgress last = null;
      while (progress.hasNext()) {
        last = progress.next();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      over.set(true);
      join(sampler);
      samples.add(sample(sources, start));
      if (last == null || !last.getDone()) {
        throw new IllegalStateException("download of " + ref + " did not finish: " + last);
      }
      long size = sizeOf(Path.of(last.getPath()));
      DataSets.delete(target);
      used.add((double) receiver.control().listDownloads().getDownloads(0).getSources());
      double fastest = 0;
      for (int i = 0; i < sources.size(); i++) {
        fastest = Math.max(fastest, activeRate(samples, i));
      }
      return new Throughput(size / (double) (1 << 20) / seconds, fastest);
    }
  }

  private record Throughput(double together, double fastest) {}

  /** Bytes the sources served beyond the file's size across a kill of the receiver at 50%. */
  private long resumeOverhead(
      List<Source> sources, int trackerPort, String ref, long bytes, int run) {
    Path data = work.resolve("resume-" + run + "-data");
    Path target = work.resolve("resumed-" + run);
    long before = served(sources);
    long servedAtKill;
    NodeProc first = receiver("swarm-resume-" + run, data, trackerPort);
    try {
      Thread caller =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    try {
                      Iterator<GetProgress> progress =
                          first
                              .control()
                              .get(
                                  GetRequest.newBuilder()
                                      .setRef(ref)
                                      .setTargetDir(target.toString())
                                      .build());
                      while (progress.hasNext()) {
                        progress.next();
                      }
                    } catch (RuntimeException expected) {
                      // The node is killed under it.
                    }
                  });
      long end = System.nanoTime() + BOUND.toNanos();
      while (received(first) < bytes / 2) {
        if (System.nanoTime() > end) {
          throw new IllegalStateException("the download did not reach half within " + BOUND);
        }
        Sleep.millis(5);
      }
      first.proc().kill();
      join(caller);
      servedAtKill = servedOnceSettled(sources);
    } finally {
      first.close();
    }
    if (Files.exists(target.resolve(FILE))) {
      throw new IllegalStateException("the download ended before the receiver was killed");
    }
    try (NodeProc again = receiver("swarm-resumed-" + run, data, trackerPort)) {
      again.await(
          "the resumed download done",
          BOUND,
          s -> {
            List<DownloadEntry> downloads = again.control().listDownloads().getDownloadsList();
            return !downloads.isEmpty() && downloads.get(0).getState().equals("done");
          });
      long size = sizeOf(target.resolve(FILE));
      if (size != bytes) {
        throw new IllegalStateException("resumed " + size + " bytes, expected " + bytes);
      }
      String kept = NodeLog.find(again.proc(), KEPT);
      if (kept == null) {
        throw new IllegalStateException("no line of the resumed download in " + again.proc().log());
      }
      String started = NodeLog.find(again.proc(), STARTED);
      long startedBytes = started == null ? 0 : Long.parseLong(started);
      lost.add((servedAtKill - before - Long.parseLong(kept) - startedBytes) / 1024.0);
      String beyond = NodeLog.find(again.proc(), SURPLUS);
      surplus.add(beyond == null ? Double.NaN : Long.parseLong(beyond) / 1024.0);
    }
    DataSets.delete(target);
    return served(sources) - before - bytes;
  }

  private static long received(NodeProc node) {
    List<DownloadEntry> downloads = node.control().listDownloads().getDownloadsList();
    return downloads.isEmpty() ? 0 : downloads.get(0).getReceived();
  }

  private NodeProc receiver(String name, Path data, int trackerPort) {
    NodeProc node =
        dist.connect(dist.startNode(name, work.resolve(name + "-share"), data, trackerPort), data);
    node.await("every node online", Duration.ofMinutes(1), s -> s.getPeersOnline() == SOURCES + 1);
    return node;
  }

  private Source startSource(int i, int trackerPort, long limitMib, long bytes) {
    Path share = work.resolve("share-" + i);
    if (!Files.exists(share.resolve(FILE))) {
      if (i == 0) {
        DataSets.randomFile(share.resolve(FILE), bytes);
      } else {
        copy(work.resolve("share-0").resolve(FILE), share.resolve(FILE));
      }
    }
    Path data = work.resolve("source-" + i + "-data");
    int metricsPort = Dist.freePort();
    String[] options = {
      "--max-upload", limitMib + "M", "--metrics-port", Integer.toString(metricsPort)
    };
    Proc proc =
        i == 0
            ? dist.startNodeWithTracker("swarm-source-0", share, data, trackerPort, options)
            : dist.startNode("swarm-source-" + i, share, data, trackerPort, options);
    return new Source(dist.connect(proc, data), new Metrics(metricsPort));
  }

  private record Source(NodeProc node, Metrics metrics) implements AutoCloseable {
    @Override
    public void close() {
      node.close();
    }
  }

  /** The time in nanoseconds since {@code start}, then each source's bytes sent so far. */
  private static long[] sample(List<Source> sources, long start) {
    long[] sample = new long[sources.size() + 1];
    sample[0] = System.nanoTime() - start;
    for (int i = 0; i < sources.size(); i++) {
      sample[i + 1] = sources.get(i).metrics().uploadedBytes();
    }
    return sample;
  }

  /**
   * A source's MiB/s over the time it sent: from the last sample before its count rose to the first
   * sample after it stopped rising (so at most a sample longer than it really sent).
   */
  private static double activeRate(List<long[]> samples, int source) {
    int column = source + 1;
    long first = samples.get(0)[column];
    long last = samples.get(samples.size() - 1)[column];
    if (last == first) {
      return 0;
    }
    long from = samples.get(0)[0];
    long to = samples.get(samples.size() - 1)[0];
    for (long[] sample : samples) {
      if (sample[column] == first) {
        from = sample[0];
      }
    }
    for (long[] sample : samples.reversed()) {
      if (sample[column] == last) {
        to = sample[0];
      }
    }
    return (last - first) / (double) (1 << 20) / ((to - from) / 1e9);
  }

  /**
   * The sources' bytes served once their counts stop moving (200 ms without a change, at most 2 s):
   * what they sent a killed receiver before they saw its connection close counts as sent before the
   * kill.
   */
  private static long servedOnceSettled(List<Source> sources) {
    long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    long last = served(sources);
    while (System.nanoTime() < end) {
      Sleep.millis(200);
      long now = served(sources);
      if (now == last) {
        break;
      }
      last = now;
    }
    return last;
  }

  private static long served(List<Source> sources) {
    return sources.stream().mapToLong(s -> s.metrics().uploadedBytes()).sum();
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copy(Path from, Path to) {
    try {
      Files.createDirectories(to.getParent());
      Files.copy(from, to);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void join(Thread thread) {
    try {
      thread.join(BOUND.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
