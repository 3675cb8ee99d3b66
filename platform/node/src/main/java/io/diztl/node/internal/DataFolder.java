package io.diztl.node.internal;

import io.diztl.api.DiztlException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A node's data folder, held exclusively through a lock on {@code data/lock} while the node runs,
 * and the node id kept in {@code data/node-id}.
 */
public final class DataFolder implements AutoCloseable {

  private static final Pattern NODE_ID = Pattern.compile("[0-9a-f]{16}");

  private final Path dir;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final String nodeId;

  private DataFolder(Path dir, FileChannel lockChannel, FileLock lock, String nodeId) {
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.nodeId = nodeId;
  }

  /**
   * Locks {@code dir} (which must exist) and reads its node id, creating one on first use.
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
      return new DataFolder(dir, channel, lock, readOrCreateNodeId(dir));
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

  private static String readOrCreateNodeId(Path dir) {
    Path file = dir.resolve("node-id");
    try {
      if (Files.exists(file)) {
        String id = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (!NODE_ID.matcher(id).matches()) {
          throw new DiztlException(
              file
                  + " holds '"
                  + id
                  + "': expected 16 lower-case hex characters (delete the file"
                  + " to get a new id)");
        }
        return id;
      }
      byte[] bytes = new byte[8];
      new SecureRandom().nextBytes(bytes);
      String id = HexFormat.of().formatHex(bytes);
      AtomicFiles.write(file, id + "\n", false);
      return id;
    } catch (IOException e) {
      throw new DiztlException("cannot read or write the node id in " + file + ": " + e, e);
    }
  }

  /** The folder. */
  public Path dir() {
    return dir;
  }

  /** The node id, 16 lower-case hex characters. */
  public String nodeId() {
    return nodeId;
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
