package io.diztl.node.internal;

import io.diztl.proto.v1.StoredWatch;
import io.diztl.proto.v1.WatchFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a node's standing queries in {@code watches.pb} of its data folder, replaced whole and
 * atomically on each save. A damaged file is set aside and the node starts without watches.
 */
public final class WatchStore {

  private static final Logger LOG = LoggerFactory.getLogger(WatchStore.class);
  private static final String FILE = "watches.pb";

  private final Path file;

  /** The store in {@code dataDir}. */
  public WatchStore(Path dataDir) {
    this.file = dataDir.resolve(FILE);
  }

  /** The watches saved last; empty when none were. */
  List<StoredWatch> load() {
    try (InputStream in = Files.newInputStream(file)) {
      return WatchFile.parseFrom(in).getWatchesList();
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      LOG.warn("cannot read the standing queries in {}: {}; starting without", file, e.toString());
      try {
        Files.move(
            file, file.resolveSibling(FILE + ".damaged"), StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException moveFailed) {
        LOG.warn("cannot set {} aside: {}", file, moveFailed.toString());
      }
      return List.of();
    }
  }

  /** Replaces the saved watches; a failure is logged, the watches stay in memory. */
  void save(List<StoredWatch> watches) {
    Path temp = file.resolveSibling(FILE + ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(temp)) {
        WatchFile.newBuilder().addAllWatches(watches).build().writeTo(out);
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.warn("cannot save the standing queries in {}: {}", file, e.toString());
    }
  }
}
