package io.diztl.api.ui;

/**
 * Where a download stands.
 *
 * @since 0.2
 */
public enum DownloadState {
  /** Waiting for its turn. */
  QUEUED,
  /** Receiving bytes. */
  RUNNING,
  /** All bytes are in; checking them against the content hash. */
  VERIFYING,
  /** Verified and in place under its final name. */
  DONE,
  /** Stopped by an error; what was received is kept for a retry. */
  FAILED,
  /** Stopped by the user; what was received is kept for a retry. */
  CANCELLED,
  /**
   * Held by the user: what was received is kept, and it does not start until resumed.
   *
   * @since 0.3
   */
  PAUSED;

  /** Whether the download has ended (done, failed or cancelled). */
  public boolean ended() {
    return this == DONE || this == FAILED || this == CANCELLED;
  }
}
