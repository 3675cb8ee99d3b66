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
 * @since 0.1
 */
public record TransferLimits(
    int uploadSlots, long maxUpload, long maxUploadPerPeer, long maxDownload, int maxDownloads) {

  /** Uploads at once unless configured. */
  public static final int DEFAULT_UPLOAD_SLOTS = 8;

  /** Downloads run at once unless configured. */
  public static final int DEFAULT_MAX_DOWNLOADS = 3;

  /**
   * {@value #DEFAULT_UPLOAD_SLOTS} upload slots, {@value #DEFAULT_MAX_DOWNLOADS} downloads at once
   * and no bandwidth limits.
   */
  public static final TransferLimits DEFAULTS =
      new TransferLimits(DEFAULT_UPLOAD_SLOTS, 0, 0, 0, DEFAULT_MAX_DOWNLOADS);

  /** Limits with {@value #DEFAULT_MAX_DOWNLOADS} downloads at once. */
  public TransferLimits(int uploadSlots, long maxUpload, long maxUploadPerPeer, long maxDownload) {
    this(uploadSlots, maxUpload, maxUploadPerPeer, maxDownload, DEFAULT_MAX_DOWNLOADS);
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
