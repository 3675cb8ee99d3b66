package io.diztl.node.internal.fetch;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.ui.PeerInfo;
import io.diztl.node.FileRef;
import io.diztl.node.internal.DownloadListener;
import io.diztl.node.internal.NodeDirectory;
import io.diztl.node.internal.PeerClient;
import io.diztl.node.internal.transfer.ExpectedFile;
import io.diztl.node.internal.transfer.FileFetcher;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fetches a file from the node that shares it: finds where it listens, then downloads from it. */
public final class Fetcher implements FileFetcher {

  private static final Logger LOG = LoggerFactory.getLogger(Fetcher.class);

  private final NodeDirectory nodes;
  private final PeerClient peers;
  private final Downloader downloader;

  /** Finds nodes in {@code nodes} and downloads from them with {@code downloader}. */
  public Fetcher(NodeDirectory nodes, PeerClient peers, Downloader downloader) {
    this.nodes = nodes;
    this.peers = peers;
    this.downloader = downloader;
  }

  @Override
  public DownloadResult fetch(
      FileRef ref, ExpectedFile expected, Path targetDir, DownloadListener listener) {
    PeerInfo peer = nodes.locate(ref.nodeId());
    LOG.info("fetching {} from {}:{} into {}", ref, peer.host(), peer.port(), targetDir);
    try {
      DownloadResult result =
          downloader.download(
              peers.channel(peer), ref.nodeId(), ref.fileId(), expected, targetDir, listener);
      LOG.info("fetched {} to {}", ref, result.finalPath());
      return result;
    } catch (DiztlException e) {
      if (e.kind() == ErrorKind.UNAVAILABLE) {
        nodes.forget(ref.nodeId());
      }
      LOG.info("fetching {} failed: {}", ref, e.getMessage());
      throw e;
    }
  }
}
