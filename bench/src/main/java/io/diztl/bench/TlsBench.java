package io.diztl.bench;

import io.diztl.bench.Dist.NodeProc;
import io.diztl.index.ShareIndex;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * What mutual TLS costs: the same 256 MiB download between two node processes and the same search
 * round trip through the tracker, once over TLS and once with {@code --insecure}, alternating run
 * by run in one session.
 */
final class TlsBench {

  private static final String FILE = "tls.bin";
  private static final int SEARCHES_PER_RUN = 50;

  private final Plan plan;
  private final Dist dist;
  private final Path work;
  private final Report report;

  TlsBench(Plan plan, Dist dist, Path work, Report report) {
    this.plan = plan;
    this.dist = dist;
    this.work = work;
    this.report = report;
  }

  /** Two nodes, the first running the tracker, both in one mode. */
  private record Pair(NodeProc a, NodeProc b, String ref) implements AutoCloseable {
    @Override
    public void close() {
      b.close();
      a.close();
    }
  }

  void run() {
    long bytes = plan.quick() ? 64L << 20 : 256L << 20;
    Path share = work.resolve("share");
    if (!Files.exists(share.resolve(FILE))) {
      DataSets.randomFile(share.resolve(FILE), bytes);
    }
    List<Double> tlsDownload = new ArrayList<>();
    List<Double> plainDownload = new ArrayList<>();
    List<Double> tlsSearch = new ArrayList<>();
    List<Double> plainSearch = new ArrayList<>();
    double mb = bytes / 1e6;
    try (Pair tls = pair("tls", share);
        Pair plain = pair("insecure", share, "--insecure")) {
      for (Pair pair : List.of(tls, plain)) {
        TransferBench.download(pair.b(), pair.ref(), work.resolve("warm-up"));
        searches(pair.b(), 5, new ArrayList<>());
      }
      for (int run = 0; run < plan.runs(); run++) {
        tlsDownload.add(mb / TransferBench.download(tls.b(), tls.ref(), work.resolve("t" + run)));
        plainDownload.add(
            mb / TransferBench.download(plain.b(), plain.ref(), work.resolve("p" + run)));
        searches(tls.b(), SEARCHES_PER_RUN, tlsSearch);
        searches(plain.b(), SEARCHES_PER_RUN, plainSearch);
      }
    }
    String size = (bytes >> 20) + " MiB";
    report.add(
        new Row(
            size + " download node to node over mutual TLS",
            "MB/s",
            tlsDownload,
            "the same with `--insecure` (plain text)",
            plainDownload,
            true,
            "— (cost of TLS)",
            "n/a",
            0));
    report.add(
        new Row(
            "search round trip through the tracker (2 nodes) over mutual TLS",
            "ms",
            tlsSearch,
            "the same with `--insecure` (plain text)",
            plainSearch,
            false,
            "— (cost of TLS)",
            "n/a",
            1));
    report.note(
        "TLS cost: two node processes (the first running the tracker) over mutual TLS and two"
            + " over `--insecure`, started side by side and measured alternately in the same"
            + " minutes. Download as in the transfer figure; search: `Search` through the second"
            + " node's control API until the summary, "
            + SEARCHES_PER_RUN
            + " per run after 5 warm-up searches, connections already open.");
  }

  private Pair pair(String name, Path share, String... extra) {
    Path dataA = work.resolve(name + "-a-data");
    Path dataB = work.resolve(name + "-b-data");
    int trackerPort = Dist.freePort();
    NodeProc a =
        dist.connect(
            dist.startNodeWithTracker(name + "-a", share, dataA, trackerPort, extra), dataA);
    NodeProc b =
        dist.connect(
            dist.startNode(name + "-b", work.resolve(name + "-b-share"), dataB, trackerPort, extra),
            dataB);
    a.await("the file hashed", Duration.ofMinutes(5), s -> s.getFilesHashed() == 1);
    b.await("both nodes online", Duration.ofMinutes(1), s -> s.getPeersOnline() == 2);
    return new Pair(a, b, a.status().getNodeId() + ":" + ShareIndex.idOf(FILE));
  }

  /** Runs {@code count} searches through {@code node}, adding each one's milliseconds. */
  private static void searches(NodeProc node, int count, List<Double> millis) {
    SearchRequest request = SearchRequest.newBuilder().setQuery("tls").build();
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      Iterator<SearchEvent> events = node.control().search(request);
      SearchEvent last = null;
      while (events.hasNext()) {
        last = events.next();
      }
      if (last == null || !last.hasSummary() || last.getSummary().getAnswered() != 2) {
        throw new IllegalStateException("search did not reach both nodes: " + last);
      }
      millis.add((System.nanoTime() - start) / 1e6);
    }
  }
}
