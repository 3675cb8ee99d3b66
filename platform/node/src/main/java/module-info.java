/**
 * A diztl node: shares a folder, answers searches, serves and fetches files, hosts plugins, and
 * offers the local control API.
 */
@SuppressWarnings("requires-automatic")
module io.diztl.node {
  requires transitive io.diztl.api;
  requires transitive io.diztl.proto;
  requires io.diztl.index;
  requires io.diztl.watcher;
  requires io.diztl.pluginhost;
  requires transitive io.diztl.metrics;
  requires org.slf4j;
  requires io.github.bucket4j.core;
  requires jdk.unsupported;

  exports io.diztl.node;
  exports io.diztl.node.discovery;
}
