package io.diztl.node.internal;

import io.diztl.api.ui.DownloadSource;
import java.util.List;

/** Hears how a download goes; called on the downloading thread, so it should return quickly. */
public interface DownloadListener {

  /** A listener that ignores everything. */
  DownloadListener NONE =
      new DownloadListener() {
        @Override
        public void started(String name, long size, long resumedFrom) {}

        @Override
        public void progress(long received, long size) {}
      };

  /**
   * The peer accepted the request.
   *
   * @param name the file name the peer announced
   * @param size the whole file's size in bytes
   * @param resumedFrom bytes already on disk from an earlier attempt, 0 for a fresh start
   */
  void started(String name, long size, long resumedFrom);

  /**
   * More data arrived; called at most about every mebibyte or tenth of a second, and once with
   * {@code received == size} when all data is in.
   *
   * @param received bytes of the file on disk so far, including resumed ones
   * @param size the whole file's size in bytes
   */
  void progress(long received, long size);

  /** The download fetches from {@code count} nodes; told before the data, when known. */
  default void sources(int count) {}

  /**
   * The download fetches from these nodes (their bytes 0 so far), in this order; told before the
   * data, when known.
   */
  default void sourceNodes(List<DownloadSource> nodes) {}

  /** {@code bytes} more arrived from the node {@code nodeId}; called for each chunk. */
  default void sourceBytes(String nodeId, long bytes) {}

  /**
   * The node {@code nodeId} has sent {@code strikes} pieces that failed verification so far in this
   * attempt, and is {@code dropped} when it is no longer asked; told when either changes.
   */
  default void sourceHealth(String nodeId, int strikes, boolean dropped) {}
}
