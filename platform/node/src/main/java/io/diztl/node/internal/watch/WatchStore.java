package io.diztl.node.internal.watch;

import io.diztl.node.internal.MessageFile;
import io.diztl.proto.v1.StoredWatch;
import io.diztl.proto.v1.WatchFile;
import java.nio.file.Path;
import java.util.List;

/**
 * Keeps a node's standing queries in {@code watches.pb} of its data folder, replaced whole and
 * atomically on each save. A damaged file is set aside and the node starts without watches.
 */
public final class WatchStore {

  private final MessageFile<WatchFile> file;

  /** The store in {@code dataDir}. */
  public WatchStore(Path dataDir) {
    this.file =
        new MessageFile<>(dataDir, "watches.pb", WatchFile.parser(), "the standing queries");
  }

  /** The watches saved last; empty when none were. */
  List<StoredWatch> load() {
    return file.load().map(WatchFile::getWatchesList).orElse(List.of());
  }

  /** Replaces the saved watches; a failure is logged, the watches stay in memory. */
  void save(List<StoredWatch> watches) {
    file.save(WatchFile.newBuilder().addAllWatches(watches).build());
  }
}
