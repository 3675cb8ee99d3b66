package io.diztl.api.ui;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How the node's owner configured its user interfaces ({@code --ui-bind}, {@code --ui-port}, {@code
 * --ui-password-file}, or the same keys in {@code conf/diztl.properties}).
 *
 * @param bindHost the address a web interface listens on; loopback by default
 * @param port the port it listens on; 0 picks a free one
 * @param passwordFile a file holding the password required when bound beyond loopback
 * @param dataDir the node's data folder, where an interface keeps its keys (owner-only files)
 * @param enabled false when the owner turned web interfaces off ({@code --no-ui})
 * @since 0.2
 */
public record UiSettings(
    String bindHost, int port, Optional<Path> passwordFile, Path dataDir, boolean enabled) {

  /** The default address: loopback only. */
  public static final String DEFAULT_BIND = "127.0.0.1";

  /** The default port of the web interface. */
  public static final int DEFAULT_PORT = 7410;

  /** Checks the parts. */
  public UiSettings {
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(passwordFile, "passwordFile");
    Objects.requireNonNull(dataDir, "dataDir");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535, found " + port);
    }
  }
}
