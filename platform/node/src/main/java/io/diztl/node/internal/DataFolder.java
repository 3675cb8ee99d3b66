package io.diztl.node.internal;

import io.diztl.api.DiztlException;
import io.diztl.proto.Identity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's data folder, held exclusively through a lock on {@code data/lock} while the node runs,
 * and the node's {@link Identity} kept in it, whose fingerprint is the node id.
 */
public final class DataFolder implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DataFolder.class);

  /** Where nodes before identities kept their random id. */
  private static final String OLD_ID_FILE = "node-id";

  private final Path dir;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Identity identity;

  private DataFolder(Path dir, FileChannel lockChannel, FileLock lock, Identity identity) {
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.identity = identity;
  }

  /**
   * Locks {@code dir} (which must exist) and reads its identity, creating one on first use.
   *
   * @throws DiztlException when another node holds the folder or it cannot be used
   */
  public static DataFolder open(Path dir) {
    Objects.requireNonNull(dir, "dir");
    FileChannel channel;
    try {
      channel =
          FileChannel.open(
              dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new DiztlException("cannot create the lock file in data folder " + dir + ": " + e, e);
    }
    try {
      FileLock lock = tryLock(channel, dir);
      return new DataFolder(dir, channel, lock, loadIdentity(dir));
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private static FileLock tryLock(FileChannel channel, Path dir) {
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException e) {
      throw new DiztlException("cannot lock data folder " + dir + ": " + e, e);
    }
    if (lock == null) {
      throw new DiztlException("another diztl node is already running with data folder " + dir);
    }
    return lock;
  }

  private static Identity loadIdentity(Path dir) {
    Identity identity;
    try {
      identity = Identity.loadOrCreate(dir);
    } catch (UncheckedIOException e) {
      throw new DiztlException(e.getMessage(), e);
    }
    Path old = dir.resolve(OLD_ID_FILE);
    try {
      if (Files.exists(old)) {
        String oldId = Files.readString(old, StandardCharsets.US_ASCII).strip();
        LOG.info(
            "node id {} is replaced by {}, the fingerprint of the node's certificate: references"
                + " with the old id no longer work",
            oldId.matches("[0-9a-f]{16}") ? oldId : "(malformed)",
            identity.id());
        Files.delete(old);
      }
    } catch (IOException e) {
      throw new DiztlException("cannot retire the old node id in " + old + ": " + e, e);
    }
    return identity;
  }

  /** The folder. */
  public Path dir() {
    return dir;
  }

  /** The node's key pair and certificate. */
  public Identity identity() {
    return identity;
  }

  /** The node id: the {@link io.diztl.proto.Fingerprint} of its certificate. */
  public String nodeId() {
    return identity.id();
  }

  /** Releases the lock. */
  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // the channel close below releases it too
    }
    closeQuietly(lockChannel);
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }
}
