package io.diztl.ui.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key scripts send as {@code Authorization: Bearer KEY}, kept in {@code ui-api-key} in the
 * node's data folder, readable by its owner only. Created on first start, kept afterwards.
 */
final class ApiKey {

  /** The key file's name in the data folder. */
  static final String FILE_NAME = "ui-api-key";

  private static final Logger LOG = LoggerFactory.getLogger(ApiKey.class);
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private ApiKey() {}

  /** The key in {@code dataDir}, created (owner-only) when missing or empty. */
  static String load(Path dataDir) throws IOException {
    Path file = dataDir.resolve(FILE_NAME);
    if (Files.isRegularFile(file)) {
      String key = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (!key.isEmpty()) {
        restrict(file);
        return key;
      }
    }
    Files.createDirectories(dataDir);
    String key = Secrets.token();
    boolean posix =
        Files.getFileStore(dataDir).supportsFileAttributeView(PosixFileAttributeView.class);
    Path temp = dataDir.resolve(FILE_NAME + "." + Secrets.token().substring(0, 8) + ".tmp");
    try {
      if (posix) {
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      } else {
        Files.createFile(temp);
      }
      Files.writeString(temp, key + "\n", StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      throw new IOException("cannot create " + temp + ": it exists", e);
    } finally {
      Files.deleteIfExists(temp);
    }
    LOG.info("web UI: created the API key file {}", file);
    return key;
  }

  private static void restrict(Path file) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (view != null && !view.readAttributes().permissions().equals(OWNER_ONLY)) {
      view.setPermissions(OWNER_ONLY);
      LOG.warn("web UI: {} was readable by others; made it owner-only", file);
    }
  }
}
