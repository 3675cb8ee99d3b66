/** Helpers for tests that run real trackers and nodes on loopback. */
module io.diztl.testkit {
  requires transitive io.diztl.node;
  requires transitive io.diztl.tracker;
  // The tests scrape GET /metrics with the JDK's HTTP client.
  requires java.net.http;

  exports io.diztl.testkit;
}
