/** The diztl tracker: a live registry of nodes that relays searches to all of them. */
module io.diztl.tracker {
  requires transitive io.diztl.api;
  requires transitive io.diztl.proto;
  requires transitive io.diztl.metrics;
  requires io.diztl.index;
  requires org.slf4j;
  requires com.hazelcast.core;
  requires jdk.unsupported;

  exports io.diztl.tracker;
  exports io.diztl.tracker.discovery;
}
