/** Helpers for tests that run real trackers and nodes on loopback. */
module io.diztl.testkit {
  requires transitive io.diztl.node;
  requires transitive io.diztl.tracker;

  exports io.diztl.testkit;
}
