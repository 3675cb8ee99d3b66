package io.diztl.node;

/**
 * How much a node uploads and downloads at once.
 *
 * @param uploadSlots the most downloads it sends to other nodes at once; those asking beyond wait
 *     in a queue and are told their place
 * @param maxUpload the most bytes per second it sends to all nodes together, 0 for no limit
 * @param maxUploadPerPeer the most bytes per second it sends to one node, 0 for no limit
 * @param maxDownload the most bytes per second it receives from all nodes together, 0 for no limit
 * @since 0.1
 */
public record TransferLimits(
    int uploadSlots, long maxUpload, long maxUploadPerPeer, long maxDownload) {

  /** Uploads at once unless configured. */
  public static final int DEFAULT_UPLOAD_SLOTS = 8;

  /** {@value #DEFAULT_UPLOAD_SLOTS} upload slots and no bandwidth limits. */
  public static final TransferLimits DEFAULTS = new TransferLimits(DEFAULT_UPLOAD_SLOTS, 0, 0, 0);

  /** Checks the parts: at least one slot, no negative limit. */
  public TransferLimits {
    if (uploadSlots < 1) {
      throw new IllegalArgumentException("upload slots must be 1 or more, found " + uploadSlots);
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
