/** Watches a share folder recursively and reports files that changed or disappeared. */
@SuppressWarnings("requires-automatic")
module io.diztl.watcher {
  requires transitive io.diztl.api;
  requires directory.watcher;
  requires org.slf4j;

  exports io.diztl.watcher;
}
