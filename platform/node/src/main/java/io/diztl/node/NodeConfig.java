package io.diztl.node;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything a node needs to start.
 *
 * @param shareDir the folder shared with the network
 * @param downloadsDir where downloads land by default (by default {@code output/} in the share)
 * @param dataDir node id, index, partial downloads and control token
 * @param bindHost address the peer service listens on
 * @param port peer service port; 0 picks a free one
 * @param advertiseHost host other peers reach this node at; empty lets the tracker use the
 *     address it sees
 * @param tracker the tracker's {@code HOST:PORT}
 * @param embeddedTracker whether this process runs that tracker too (reported by status)
 */
public record NodeConfig(
    Path shareDir,
    Path downloadsDir,
    Path dataDir,
    String bindHost,
    int port,
    String advertiseHost,
    String tracker,
    boolean embeddedTracker) {

  /** The peer service's default port. */
  public static final int DEFAULT_PORT = 7401;

  /** Checks the parts and makes the paths absolute. */
  public NodeConfig {
    shareDir = Objects.requireNonNull(shareDir, "shareDir").toAbsolutePath().normalize();
    downloadsDir = Objects.requireNonNull(downloadsDir, "downloadsDir").toAbsolutePath().normalize();
    dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(advertiseHost, "advertiseHost");
    Objects.requireNonNull(tracker, "tracker");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535, found " + port);
    }
  }

  /** The default share folder, {@code ~/Documents/diztl/share}. */
  public static Path defaultShareDir() {
    return Path.of(System.getProperty("user.home"), "Documents", "diztl", "share");
  }

  /** The default data folder, {@code ~/.diztl}. */
  public static Path defaultDataDir() {
    return Path.of(System.getProperty("user.home"), ".diztl");
  }
}
