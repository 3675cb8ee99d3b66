/**
 * Metrics of a diztl process: a Micrometer registry in the Prometheus format, with the JVM's own
 * meters, served as {@code GET /metrics} by a small HTTP listener.
 */
@SuppressWarnings("requires-transitive-automatic")
module io.diztl.metrics {
  requires transitive micrometer.core;
  requires micrometer.registry.prometheus;
  requires jdk.httpserver;
  requires org.slf4j;

  exports io.diztl.metrics;
}
