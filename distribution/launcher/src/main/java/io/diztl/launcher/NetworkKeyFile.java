package io.diztl.launcher;

import io.diztl.api.DiztlException;
import io.diztl.proto.NetworkKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** Reads the {@code --network-key-file} of the commands that serve. */
final class NetworkKeyFile {

  private static final Set<PosixFilePermission> OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.OTHERS_WRITE);

  private NetworkKeyFile() {}

  /**
   * The key in {@code file}, or empty when no file is given; warns on {@code err} when other users
   * may read it.
   *
   * @throws DiztlException when it cannot be read or holds no key, or goes with {@code insecure}
   */
  static Optional<NetworkKey> read(Path file, boolean insecure, PrintWriter err) {
    if (file == null) {
      return Optional.empty();
    }
    if (insecure) {
      throw new DiztlException(
          "--network-key-file needs TLS (the proofs of the key are bound to the TLS identities):"
              + " it cannot go with --insecure");
    }
    NetworkKey key;
    try {
      key = NetworkKey.read(file);
    } catch (UncheckedIOException | IllegalArgumentException e) {
      throw new DiztlException(e.getMessage(), e);
    }
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (permissions.stream().anyMatch(OTHERS::contains)) {
        err.println(
            "warning: other users may read the network key file "
                + file
                + ": anyone with the key can join the network (chmod 600 "
                + file
                + ")");
        err.flush();
      }
    } catch (UnsupportedOperationException | IOException e) {
      // No POSIX permissions here: nothing to check.
    }
    return Optional.of(key);
  }
}
