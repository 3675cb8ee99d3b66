package io.diztl.node;

/**
 * How much a node uploads and downloads at once.
 *
 * @param uploadSlots the most downloads it sends to other nodes at once; those asking beyond wait
 *     in a queue and are told their place
 * @param maxUpload the most bytes per second it sends to all nodes together, 0 for no limit
 * @param maxUploadPerPeer the most bytes per second it sends to one node, 0 for no limit
 * @param maxDownload the most bytes per second it receives from all nodes together, 0 for no limit
 * @param maxDownloads the most downloads it runs at once; the others wait in its queue
 * @param streamsPerSource the most streams a download runs at once from one node (each over a
 *     connection of its own, so that more than one core works on a large file)
 * @since 0.1
 */
public record TransferLimits(
    int uploadSlots,
    long maxUpload,
    long maxUploadPerPeer,
    long maxDownload,
    int maxDownloads,
    int streamsPerSource) {

  /** Uploads at once unless configured. */
  public static final int DEFAULT_UPLOAD_SLOTS = 8;

  /** Downloads run at once unless configured. */
  public static final int DEFAULT_MAX_DOWNLOADS = 3;

  /** Streams from one node per download unless configured. */
  public static final int DEFAULT_STREAMS_PER_SOURCE = 2;

  /**
   * {@value #DEFAULT_UPLOAD_SLOTS} upload slots, {@value #DEFAULT_MAX_DOWNLOADS} downloads at once
   * and no bandwidth limits.
   */
  public static final TransferLimits DEFAULTS =
      new TransferLimits(
          DEFAULT_UPLOAD_SLOTS, 0, 0, 0, DEFAULT_MAX_DOWNLOADS, DEFAULT_STREAMS_PER_SOURCE);

  /** Limits with {@value #DEFAULT_MAX_DOWNLOADS} downloads at once. */
  public TransferLimits(int uploadSlots, long maxUpload, long maxUploadPerPeer, long maxDownload) {
    this(uploadSlots, maxUpload, maxUploadPerPeer, maxDownload, DEFAULT_MAX_DOWNLOADS);
  }

  /** Limits with {@value #DEFAULT_STREAMS_PER_SOURCE} streams per source. */
  public TransferLimits(
      int uploadSlots, long maxUpload, long maxUploadPerPeer, long maxDownload, int maxDownloads) {
    this(
        uploadSlots,
        maxUpload,
        maxUploadPerPeer,
        maxDownload,
        maxDownloads,
        DEFAULT_STREAMS_PER_SOURCE);
  }

  /** Checks the parts: at least one slot, no negative limit. */
  public TransferLimits {
    if (uploadSlots < 1) {
      throw new IllegalArgumentException("upload slots must be 1 or more, found " + uploadSlots);
    }
    if (maxDownloads < 1) {
      throw new IllegalArgumentException(
          "parallel downloads must be 1 or more, found " + maxDownloads);
    }
    if (streamsPerSource < 1) {
      throw new IllegalArgumentException(
          "streams per source must be 1 or more, found " + streamsPerSource);
    }
    requireRate("upload", maxUpload);
    requireRate("upload per peer", maxUploadPerPeer);
    requireRate("download", maxDownload);
  }

  private static void requireRate(String what, long bytesPerSecond) {
    if (bytesPerSecond < 0) {
      throw new IllegalArgumentException(
          "the "
              + what
              + " limit must be 0 (none) or more bytes per second, found "
              + bytesPerSecond);
    }
  }
}
