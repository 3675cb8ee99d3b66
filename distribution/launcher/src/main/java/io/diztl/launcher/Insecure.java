package io.diztl.launcher;

import io.diztl.api.DiztlException;
import io.diztl.proto.Identity;
import io.diztl.proto.Transport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** What {@code --insecure} changes for the commands that serve: the transport, and a warning. */
final class Insecure {

  private Insecure() {}

  /** Warns on {@code err} that nothing is authenticated; printed at every start. */
  static void warn(PrintWriter err) {
    err.println(
        "warning: --insecure: plain text without TLS; anyone on the network can read the traffic"
            + " and impersonate nodes and the tracker");
    err.flush();
  }

  /**
   * Plain text when {@code insecure}, else mutual TLS with the identity kept in {@code dataDir}
   * (created on first use, owner-only).
   *
   * @throws DiztlException when the folder or the identity cannot be created or read
   */
  static Transport transport(boolean insecure, Path dataDir) {
    if (insecure) {
      return Transport.plaintext();
    }
    try {
      return Transport.tls(Identity.loadOrCreate(ownerOnlyFolder(dataDir)));
    } catch (IOException e) {
      throw new DiztlException("cannot create the data folder " + dataDir + ": " + e, e);
    } catch (UncheckedIOException e) {
      throw new DiztlException(e.getMessage(), e);
    }
  }

  /** Creates {@code dir} and its missing parents (such as the node's data folder) owner-only. */
  private static Path ownerOnlyFolder(Path dir) throws IOException {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return Files.createDirectories(dir);
    }
    return Files.createDirectories(
        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
  }
}
