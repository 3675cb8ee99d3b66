package io.diztl.launcher;

import io.diztl.proto.v1.NodeResults;

/** Prints search results as they arrive, one node's batch at a time. */
interface ResultPrinter {

  /** Prints the hits of one node. */
  void print(NodeResults results);
}
