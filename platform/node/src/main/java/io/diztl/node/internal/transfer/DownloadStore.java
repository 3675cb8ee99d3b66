package io.diztl.node.internal.transfer;

import io.diztl.node.internal.MessageFile;
import io.diztl.proto.v1.DownloadQueueFile;
import io.diztl.proto.v1.StoredDownload;
import java.nio.file.Path;
import java.util.List;

/**
 * Keeps a node's download queue in {@code downloads.pb} of its data folder, replaced whole and
 * atomically on each save. A damaged file is set aside and the node starts with an empty queue.
 */
public final class DownloadStore {

  private final MessageFile<DownloadQueueFile> file;

  /** The store in {@code dataDir}, which must exist. */
  public DownloadStore(Path dataDir) {
    this.file =
        new MessageFile<>(
            dataDir, "downloads.pb", DownloadQueueFile.parser(), "the download queue");
  }

  /** The downloads saved last, oldest first; empty when none were. */
  List<StoredDownload> load() {
    return file.load().map(DownloadQueueFile::getDownloadsList).orElse(List.of());
  }

  /** Replaces the saved downloads; a failure is logged, the queue stays in memory. */
  void save(List<StoredDownload> downloads) {
    file.save(DownloadQueueFile.newBuilder().addAllDownloads(downloads).build());
  }
}
