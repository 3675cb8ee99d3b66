package io.diztl.api.ui;

import java.time.Instant;

/**
 * Something that happened on the node.
 *
 * @param time when
 * @param kind what kind of thing
 * @param subject what it is about: a path, a reference or a node id
 * @param message a human-readable sentence
 * @since 0.1
 */
public record NodeEvent(Instant time, Kind kind, String subject, String message) {

  /** The kinds of events. */
  public enum Kind {
    /** A file was added to or updated in the index. */
    FILE_INDEXED,
    /** A file was removed from the index. */
    FILE_REMOVED,
    /** A download started. */
    DOWNLOAD_STARTED,
    /** A download finished and was verified. */
    DOWNLOAD_COMPLETED,
    /** A download failed. */
    DOWNLOAD_FAILED,
    /** A plugin was loaded, started, stopped or disabled. */
    PLUGIN,
    /** The tracker connection came up or went down. */
    TRACKER
  }
}
