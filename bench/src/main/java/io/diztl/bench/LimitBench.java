package io.diztl.bench;

import io.diztl.bench.Dist.NodeProc;
import io.diztl.index.ShareIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether an upload limit holds: one node started with {@code --max-upload}, another downloading a
 * file of about ten seconds' worth at that limit, the rate seen by the receiver set against the
 * limit.
 */
final class LimitBench {

  private static final String FILE = "limited.bin";

  private final Plan plan;
  private final Dist dist;
  private final Path work;
  private final Report report;

  LimitBench(Plan plan, Dist dist, Path work, Report report) {
    this.plan = plan;
    this.dist = dist;
    this.work = work;
    this.report = report;
  }

  void run() {
    long limitMib = plan.quick() ? 16 : 20;
    long limit = limitMib << 20;
    long bytes = limit * (plan.quick() ? 4 : 10);
    Path share = work.resolve("share");
    if (!Files.exists(share.resolve(FILE))) {
      DataSets.randomFile(share.resolve(FILE), bytes);
    }
    Path dataA = work.resolve("a-data");
    Path dataB = work.resolve("b-data");
    int trackerPort = Dist.freePort();
    List<Double> rates = new ArrayList<>();
    List<Double> limits = new ArrayList<>();
    Proc procA =
        dist.startNodeWithTracker(
            "limit-a", share, dataA, trackerPort, "--max-upload", limitMib + "M");
    try (NodeProc a = dist.connect(procA, dataA);
        NodeProc b =
            dist.connect(
                dist.startNode("limit-b", work.resolve("b-share"), dataB, trackerPort), dataB)) {
      a.await("the file hashed", Duration.ofMinutes(5), s -> s.getFilesHashed() == 1);
      b.await("both nodes online", Duration.ofMinutes(1), s -> s.getPeersOnline() == 2);
      String ref = a.status().getNodeId() + ":" + ShareIndex.idOf(FILE);
      for (int run = 0; run < plan.runs(); run++) {
        double seconds = TransferBench.download(b, ref, work.resolve("got-" + run));
        rates.add(bytes / (double) (1 << 20) / seconds);
        limits.add((double) limitMib);
      }
    }
    double ratio = Stats.median(rates) / limitMib;
    report.add(
        new Row(
            (bytes >> 20) + " MiB download from a node started with --max-upload " + limitMib + "M",
            "MiB/s",
            rates,
            "the limit",
            limits,
            true,
            "within 10% of the limit",
            Row.met(Math.abs(ratio - 1) <= 0.10),
            1));
    report.note(
        "Upload limit: `Get` through the receiving node's control API, timed as the download"
            + " figure is, from a node whose uploads are limited to "
            + limitMib
            + " MiB/s (a Bucket4j token bucket, the stream paused from a scheduler); the file"
            + " is about "
            + bytes / limit
            + " s of data at the limit, so the bucket's 25 ms burst adds about 0.25%.");
  }
}
