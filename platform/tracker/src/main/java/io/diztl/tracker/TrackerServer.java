package io.diztl.tracker;

/** A running tracker. TODO(helper): implement. */
public final class TrackerServer implements AutoCloseable {

  private TrackerServer() {}

  /** Starts a tracker. */
  public static TrackerServer start(TrackerConfig config) {
    throw new UnsupportedOperationException("not yet");
  }

  /** The port it listens on. */
  public int port() {
    throw new UnsupportedOperationException("not yet");
  }

  @Override
  public void close() {}
}
