package io.diztl.node.internal.fetch;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.ui.DownloadSource;
import io.diztl.api.ui.PeerInfo;
import io.diztl.index.PieceHashes;
import io.diztl.node.FileRef;
import io.diztl.node.internal.DownloadListener;
import io.diztl.node.internal.HashSources;
import io.diztl.node.internal.NodeDirectory;
import io.diztl.node.internal.PeerClient;
import io.diztl.node.internal.piece.PiecePartial;
import io.diztl.node.internal.piece.PieceSource;
import io.diztl.node.internal.piece.SwarmDownload;
import io.diztl.node.internal.transfer.ExpectedFile;
import io.diztl.node.internal.transfer.FileFetcher;
import io.diztl.node.internal.transfer.SourcesGone;
import io.diztl.node.internal.transfer.limit.DownloadThrottle;
import io.diztl.proto.v1.GetPiecesResponse;
import io.grpc.Context;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches a file from every node that has the same content: asks the chosen node for the piece
 * hashes (checked against the identity the search hit gave; another holder's when that node is
 * gone, see {@link SourceFinder}), finds the other nodes with a hash search, runs a {@link
 * SwarmDownload} into the content's partial (resuming what it holds), then places the verified file
 * without overwriting anything. A node too old to give piece hashes is fetched from by the
 * one-stream {@code fallback}. A large file is fetched from each node over several streams at once,
 * each on a connection of its own, so that TLS, hashing and writing run on more than one core.
 */
public final class SwarmFetcher implements FileFetcher {

  private static final Logger LOG = LoggerFactory.getLogger(SwarmFetcher.class);

  /** How long the chosen node may take to give the piece hashes (it may hash the file first). */
  static final Duration PIECES_DEADLINE = Duration.ofMinutes(2);

  /** The longest between two records of verified pieces on disk. */
  static final Duration SYNC_EVERY = Duration.ofMillis(250);

  /** The least a file has per stream from one source: a smaller file uses fewer streams. */
  static final long MIN_STREAM_BYTES = 64L << 20;

  /**
   * The least time between two progress reports: each is a message on the caller's stream (and at
   * hundreds of megabytes a second a report per mebibyte was a thousand per GiB).
   */
  static final long PROGRESS_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final NodeDirectory nodes;
  private final PeerClient peers;
  private final Path partialDir;
  private final ReceiveLimits limits;
  private final DownloadThrottle throttle;
  private final FileFetcher fallback;
  private final SourceFinder finder;
  private final int streamsPerSource;
  private final Set<String> active = ConcurrentHashMap.newKeySet();

  /**
   * Fetches through {@code peers} from the nodes {@code nodes} and {@code sources} find, keeping
   * partials in {@code partialDir} (which must exist), with the default limits of {@link
   * Downloader}, over at most {@code streamsPerSource} streams at once from each source (1 or more;
   * a file gets one stream per {@value #MIN_STREAM_BYTES} bytes, up to that); {@code fallback}
   * fetches from nodes that give no piece hashes.
   */
  public SwarmFetcher(
      NodeDirectory nodes,
      PeerClient peers,
      HashSources sources,
      Path partialDir,
      DownloadThrottle throttle,
      FileFetcher fallback,
      int streamsPerSource) {
    this(
        nodes,
        peers,
        sources,
        partialDir,
        ReceiveLimits.DEFAULTS,
        throttle,
        fallback,
        streamsPerSource);
  }

  SwarmFetcher(
      NodeDirectory nodes,
      PeerClient peers,
      HashSources sources,
      Path partialDir,
      ReceiveLimits limits,
      DownloadThrottle throttle,
      FileFetcher fallback,
      int streamsPerSource) {
    if (streamsPerSource < 1) {
      throw new IllegalArgumentException(
          "streams per source must be 1 or more, found " + streamsPerSource);
    }
    this.streamsPerSource = streamsPerSource;
    this.throttle = throttle;
    this.nodes = nodes;
    this.peers = peers;
    this.partialDir = partialDir;
    this.limits = limits;
    this.fallback = fallback;
    this.finder = new SourceFinder(nodes, peers, sources, PIECES_DEADLINE);
  }

  @Override
  public DownloadResult fetch(
      FileRef ref, ExpectedFile expected, Path targetDir, DownloadListener listener) {
    Optional<SourceFinder.Found> found = finder.find(ref, expected);
    if (found.isEmpty()) {
      LOG.info("{} gives no piece hashes: fetching {} in one stream", ref.nodeId(), ref);
      return fallback.fetch(ref, expected, targetDir, listener);
    }
    GetPiecesResponse plan = found.get().plan();
    if (!expected.matches(plan.getSize(), plan.getRoot())) {
      throw new DiztlException(
          ErrorKind.FAILED_PRECONDITION,
          "the peer announced "
              + new ExpectedFile(plan.getSize(), plan.getRoot())
              + " for "
              + ref
              + ", expected "
              + expected
              + " as its search hit or listing said; search again if the file changed");
    }
    PieceHashes hashes =
        PieceHashes.checked(plan.getRoot(), plan.getSize(), plan.getPieceHashes().toByteArray());
    String root = hashes.rootHex();
    if (!active.add(root)) {
      throw new DiztlException(
          ErrorKind.FAILED_PRECONDITION, "already downloading the content " + root + " of " + ref);
    }
    try {
      return download(ref, found.get(), hashes, targetDir, listener);
    } catch (IOException e) {
      throw new DiztlException(
          ErrorKind.INTERNAL, "cannot download " + ref + ": " + e.getMessage(), e);
    } finally {
      active.remove(root);
    }
  }

  private DownloadResult download(
      FileRef ref,
      SourceFinder.Found found,
      PieceHashes hashes,
      Path targetDir,
      DownloadListener listener)
      throws IOException {
    long startNanos = System.nanoTime();
    String name = found.plan().getName();
    Optional<Path> existing =
        ExistingCopy.of(targetDir.resolve(TransferPlacement.safeName(name, targetDir)), hashes);
    if (existing.isPresent()) {
      LOG.info("{} is already in {}: {} holds its content, nothing fetched", ref, targetDir, name);
      listener.started(name, hashes.size(), hashes.size());
      listener.progress(hashes.size(), hashes.size());
      return new DownloadResult(existing.get(), hashes.rootHex(), hashes.size());
    }
    List<FileRef> holders = finder.holders(found);
    List<PieceSource> swarm = swarm(holders, hashes.rootHex(), streams(hashes.size()), listener);
    List<String> sourceIds = swarm.stream().map(PieceSource::id).distinct().toList();
    long resumed;
    Path part;
    Duration finalSync;
    long surplus;
    try (PiecePartial partial = PiecePartial.open(partialDir, hashes)) {
      resumed = partial.verifiedBytes();
      part = partial.part();
      checkSpace(hashes.size() - resumed, ref);
      listener.sources(sourceIds.size());
      listener.sourceNodes(
          sourceIds.stream()
              .map(id -> new DownloadSource(id, nodes.name(id).orElse(""), 0))
              .toList());
      listener.started(name, hashes.size(), resumed);
      LOG.info(
          "Downloading {} ({} bytes, {} pieces, {} kept) from {} sources over {} streams",
          ref,
          hashes.size(),
          hashes.count(),
          resumed,
          sourceIds.size(),
          swarm.size());
      Context context = Context.current();
      SwarmDownload download =
          new SwarmDownload(
              partial,
              swarm,
              SYNC_EVERY,
              System::nanoTime,
              throttled(listener, hashes.size(), System::nanoTime),
              context::wrap);
      Context.CancellationListener stop = cancelled -> download.stop();
      context.addListener(stop, Runnable::run);
      try {
        download.run();
      } catch (InterruptedIOException e) {
        throw new DiztlException(
            ErrorKind.CANCELLED,
            "download of " + ref + " was cancelled; " + partial.verifiedBytes() + " bytes kept",
            e);
      } catch (IOException e) {
        throw new SourcesGone("download of " + ref + " stopped: " + e.getMessage(), e);
      } finally {
        context.removeListener(stop);
      }
      finalSync = download.finalSync();
      surplus = download.surplusBytes();
      listener.progress(hashes.size(), hashes.size());
    }
    // Every piece was checked against a piece hash, and the piece hashes against the identity.
    Path placed =
        TransferPlacement.place(part, targetDir, TransferPlacement.safeName(name, targetDir));
    PiecePartial.deleteRecord(partialDir, hashes.rootHex());
    long nanos = Math.max(1, System.nanoTime() - startNanos);
    LOG.info(
        "Downloaded {} to {} ({} bytes, {} resumed) from {} sources in {} ms, {} MB/s"
            + " ({} ms of it to sync, {} bytes fetched beyond what was missing)",
        ref,
        placed,
        hashes.size(),
        resumed,
        sourceIds.size(),
        nanos / 1_000_000,
        String.format(Locale.ROOT, "%.1f", (hashes.size() - resumed) * 1_000.0 / nanos),
        finalSync.toMillis(),
        surplus);
    return new DownloadResult(placed, hashes.rootHex(), hashes.size());
  }

  /** How many streams each source gets for a file of {@code size} bytes. */
  int streams(long size) {
    return Math.clamp(size / MIN_STREAM_BYTES, 1, streamsPerSource);
  }

  /**
   * {@code streams} sources (with the same id) for each node of {@code holders} that can be
   * located, each over a connection of its own.
   */
  private List<PieceSource> swarm(
      List<FileRef> holders, String root, int streams, DownloadListener listener) {
    List<PieceSource> swarm = new ArrayList<>();
    for (FileRef source : holders) {
      try {
        PeerInfo node = nodes.locate(source.nodeId());
        for (int connection = 0; connection < streams; connection++) {
          swarm.add(
              new CountingSource(
                  new PeerPieceSource(
                      peers.channel(node, connection),
                      source,
                      root,
                      limits.idleTimeout(),
                      throttle),
                  listener));
        }
      } catch (DiztlException e) {
        LOG.debug("Not using {} as a source: {}", source, e.getMessage());
      }
    }
    return swarm;
  }

  private void checkSpace(long missing, FileRef ref) throws IOException {
    long free = Files.getFileStore(partialDir).getUsableSpace();
    if (missing > free - limits.spareBytes()) {
      throw new DiztlException(
          ErrorKind.RESOURCE_EXHAUSTED,
          ref
              + " needs "
              + missing
              + " more bytes, but "
              + partialDir
              + " has "
              + free
              + " bytes free and keeps "
              + limits.spareBytes()
              + " spare");
    }
  }

  /**
   * Tells {@code listener} of progress at most every tenth of a second of {@code clock} (the first
   * report at once; the end is told by the caller).
   */
  static SwarmDownload.Listener throttled(
      DownloadListener listener, long size, LongSupplier clock) {
    long[] last = {clock.getAsLong() - PROGRESS_NANOS};
    return new SwarmDownload.Listener() {
      @Override
      public void progress(long verified, long total) {
        synchronized (last) {
          long now = clock.getAsLong();
          if (now - last[0] >= PROGRESS_NANOS) {
            last[0] = now;
            listener.progress(verified, size);
          }
        }
      }

      @Override
      public void health(String source, int strikes, boolean dropped) {
        listener.sourceHealth(source, strikes, dropped);
      }
    };
  }
}
