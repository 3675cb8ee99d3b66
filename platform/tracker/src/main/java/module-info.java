/** The diztl tracker: a live registry of nodes that relays searches to all of them. */
module io.diztl.tracker {
  requires transitive io.diztl.api;
  requires io.diztl.proto;
  requires transitive io.diztl.metrics;
  requires org.slf4j;
  requires jdk.unsupported;

  exports io.diztl.tracker;
  exports io.diztl.tracker.discovery;
}
