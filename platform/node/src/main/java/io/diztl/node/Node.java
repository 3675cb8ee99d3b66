package io.diztl.node;

/** A running node. TODO(helper): implement. */
public final class Node implements AutoCloseable {

  private Node() {}

  /** Starts a node: opens and reconciles its index, starts the watcher, serves, registers. */
  public static Node start(NodeConfig config) {
    throw new UnsupportedOperationException("not yet");
  }

  /** The node's stable id. */
  public String id() {
    throw new UnsupportedOperationException("not yet");
  }

  /** The peer service port. */
  public int port() {
    throw new UnsupportedOperationException("not yet");
  }

  /** The control service port (on 127.0.0.1). */
  public int controlPort() {
    throw new UnsupportedOperationException("not yet");
  }

  @Override
  public void close() {}
}
