package io.diztl.node;

import java.nio.file.Path;

/** Talks to the control API of the node whose data folder is given. TODO(helper): implement. */
public final class ControlClient implements AutoCloseable {

  private ControlClient() {}

  /** Connects to the node that keeps its data in {@code dataDir}. */
  public static ControlClient connect(Path dataDir) {
    throw new UnsupportedOperationException("not yet");
  }

  @Override
  public void close() {}
}
