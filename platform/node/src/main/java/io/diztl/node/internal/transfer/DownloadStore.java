package io.diztl.node.internal.transfer;

import io.diztl.proto.v1.DownloadQueueFile;
import io.diztl.proto.v1.StoredDownload;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a node's download queue in {@code downloads.pb} of its data folder, replaced whole and
 * atomically on each save. A damaged file is set aside and the node starts with an empty queue.
 */
public final class DownloadStore {

  private static final Logger LOG = LoggerFactory.getLogger(DownloadStore.class);
  private static final String FILE = "downloads.pb";

  private final Path file;

  /** The store in {@code dataDir}, which must exist. */
  public DownloadStore(Path dataDir) {
    this.file = dataDir.resolve(FILE);
  }

  /** The downloads saved last, oldest first; empty when none were. */
  List<StoredDownload> load() {
    try (InputStream in = Files.newInputStream(file)) {
      return DownloadQueueFile.parseFrom(in).getDownloadsList();
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      LOG.warn("cannot read the download queue in {}: {}; starting without", file, e.toString());
      try {
        Files.move(
            file, file.resolveSibling(FILE + ".damaged"), StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException moveFailed) {
        LOG.warn("cannot set {} aside: {}", file, moveFailed.toString());
      }
      return List.of();
    }
  }

  /** Replaces the saved downloads; a failure is logged, the queue stays in memory. */
  void save(List<StoredDownload> downloads) {
    Path temp = file.resolveSibling(FILE + ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(temp)) {
        DownloadQueueFile.newBuilder().addAllDownloads(downloads).build().writeTo(out);
      }
      try {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      LOG.warn("cannot save the download queue in {}: {}", file, e.toString());
    }
  }
}
