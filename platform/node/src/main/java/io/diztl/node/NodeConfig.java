package io.diztl.node;

import io.diztl.api.ui.UiSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a node needs to start.
 *
 * @param shareDir the folder shared with the network
 * @param downloadsDir where downloads land by default (by default {@code output/} in the share)
 * @param dataDir identity (key and certificate), index, partial downloads and control token
 * @param bindHost address the peer service listens on
 * @param port peer service port; 0 picks a free one
 * @param advertiseHost host other peers reach this node at; empty lets the tracker use the address
 *     it sees
 * @param tracker the tracker's {@code HOST:PORT}, or {@code HOST:PORT#FINGERPRINT} to pin its
 *     identity (else it is learned on first use); or several trackers of one cluster, separated by
 *     commas, which the node uses one at a time, moving to the next when its tracker fails
 * @param embeddedTracker whether this process runs that tracker too (reported by status)
 * @param pluginsDir the plugins folder the node loads and watches; null means {@code plugins/} in
 *     the data folder
 * @param extractionTimeLimit the longest one metadata extractor may take on one file; null means
 *     {@link #DEFAULT_EXTRACTION_TIME_LIMIT}
 * @param uiBindHost the address a web interface listens on; null means {@link
 *     UiSettings#DEFAULT_BIND}
 * @param uiPort the port a web interface listens on, 0 for a free one
 * @param uiPasswordFile a file with the password a web interface requires, or null for none
 * @param uiEnabled false when web interfaces are turned off
 * @param insecure true to talk to the tracker and other nodes in plain text, without TLS and
 *     identities: anyone on the network can then impersonate nodes and the tracker
 * @param transferLimits upload slots and bandwidth limits; null means {@link
 *     TransferLimits#DEFAULTS}
 */
public record NodeConfig(
    Path shareDir,
    Path downloadsDir,
    Path dataDir,
    String bindHost,
    int port,
    String advertiseHost,
    String tracker,
    boolean embeddedTracker,
    Path pluginsDir,
    Duration extractionTimeLimit,
    String uiBindHost,
    int uiPort,
    Path uiPasswordFile,
    boolean uiEnabled,
    boolean insecure,
    TransferLimits transferLimits) {

  /** The peer service's default port. */
  public static final int DEFAULT_PORT = 7401;

  /** How long a metadata extractor may take on one file unless configured: 10 seconds. */
  public static final Duration DEFAULT_EXTRACTION_TIME_LIMIT = Duration.ofSeconds(10);

  /** Checks the parts, fills in the defaults and makes the paths absolute. */
  public NodeConfig {
    shareDir = Objects.requireNonNull(shareDir, "shareDir").toAbsolutePath().normalize();
    downloadsDir =
        Objects.requireNonNull(downloadsDir, "downloadsDir").toAbsolutePath().normalize();
    dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(advertiseHost, "advertiseHost");
    Objects.requireNonNull(tracker, "tracker");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535, found " + port);
    }
    pluginsDir =
        pluginsDir == null ? dataDir.resolve("plugins") : pluginsDir.toAbsolutePath().normalize();
    extractionTimeLimit =
        extractionTimeLimit == null ? DEFAULT_EXTRACTION_TIME_LIMIT : extractionTimeLimit;
    if (extractionTimeLimit.isNegative() || extractionTimeLimit.isZero()) {
      throw new IllegalArgumentException(
          "the extraction time limit must be positive, found " + extractionTimeLimit);
    }
    uiBindHost = uiBindHost == null ? UiSettings.DEFAULT_BIND : uiBindHost;
    if (uiPort < 0 || uiPort > 65535) {
      throw new IllegalArgumentException("the UI port must be 0-65535, found " + uiPort);
    }
    uiPasswordFile = uiPasswordFile == null ? null : uiPasswordFile.toAbsolutePath().normalize();
    transferLimits = transferLimits == null ? TransferLimits.DEFAULTS : transferLimits;
  }

  /** A configuration with the plugins in {@code plugins/} of the data folder. */
  public NodeConfig(
      Path shareDir,
      Path downloadsDir,
      Path dataDir,
      String bindHost,
      int port,
      String advertiseHost,
      String tracker,
      boolean embeddedTracker) {
    this(
        shareDir,
        downloadsDir,
        dataDir,
        bindHost,
        port,
        advertiseHost,
        tracker,
        embeddedTracker,
        null,
        null,
        null,
        UiSettings.DEFAULT_PORT,
        null,
        true,
        false,
        null);
  }

  /** This configuration with another plugins folder (null: {@code plugins/} in the data folder). */
  public NodeConfig withPluginsDir(Path dir) {
    return new NodeConfig(
        shareDir,
        downloadsDir,
        dataDir,
        bindHost,
        port,
        advertiseHost,
        tracker,
        embeddedTracker,
        dir,
        extractionTimeLimit,
        uiBindHost,
        uiPort,
        uiPasswordFile,
        uiEnabled,
        insecure,
        transferLimits);
  }

  /** This configuration with another time limit per extractor and file. */
  public NodeConfig withExtractionTimeLimit(Duration limit) {
    return new NodeConfig(
        shareDir,
        downloadsDir,
        dataDir,
        bindHost,
        port,
        advertiseHost,
        tracker,
        embeddedTracker,
        pluginsDir,
        Objects.requireNonNull(limit, "limit"),
        uiBindHost,
        uiPort,
        uiPasswordFile,
        uiEnabled,
        insecure,
        transferLimits);
  }

  /**
   * This configuration with other user interface settings.
   *
   * @param uiBind the address a web interface listens on
   * @param uiPortNumber its port, 0 for a free one
   * @param passwordFile the file with its password, or null for none
   * @param enabled false to turn web interfaces off
   */
  public NodeConfig withUi(String uiBind, int uiPortNumber, Path passwordFile, boolean enabled) {
    return new NodeConfig(
        shareDir,
        downloadsDir,
        dataDir,
        bindHost,
        port,
        advertiseHost,
        tracker,
        embeddedTracker,
        pluginsDir,
        extractionTimeLimit,
        Objects.requireNonNull(uiBind, "uiBind"),
        uiPortNumber,
        passwordFile,
        enabled,
        insecure,
        transferLimits);
  }

  /** This configuration in plain text ({@code --insecure}), or with TLS. */
  public NodeConfig withInsecure(boolean plainText) {
    return new NodeConfig(
        shareDir,
        downloadsDir,
        dataDir,
        bindHost,
        port,
        advertiseHost,
        tracker,
        embeddedTracker,
        pluginsDir,
        extractionTimeLimit,
        uiBindHost,
        uiPort,
        uiPasswordFile,
        uiEnabled,
        plainText,
        transferLimits);
  }

  /** This configuration with other upload slots and bandwidth limits. */
  public NodeConfig withTransferLimits(TransferLimits limits) {
    return new NodeConfig(
        shareDir,
        downloadsDir,
        dataDir,
        bindHost,
        port,
        advertiseHost,
        tracker,
        embeddedTracker,
        pluginsDir,
        extractionTimeLimit,
        uiBindHost,
        uiPort,
        uiPasswordFile,
        uiEnabled,
        insecure,
        Objects.requireNonNull(limits, "limits"));
  }

  /** The user interface settings, as {@link io.diztl.api.ui.NodeFacade#uiSettings()} gives them. */
  public UiSettings uiSettings() {
    return new UiSettings(
        uiBindHost, uiPort, Optional.ofNullable(uiPasswordFile), dataDir, uiEnabled);
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
