/**
 * The plugin host of a node: loads pf4j plugins from a folder (and while it is watched), and offers
 * their metadata extractors, search matchers and user interfaces with their faults contained.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.diztl.pluginhost {
  requires transitive io.diztl.api;
  requires io.diztl.watcher;
  requires pf4j;
  requires org.slf4j;

  exports io.diztl.pluginhost;
}
