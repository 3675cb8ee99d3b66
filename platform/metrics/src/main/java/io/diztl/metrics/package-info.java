/** Serves a process's Micrometer meters as {@code GET /metrics} in the Prometheus text format. */
package io.diztl.metrics;
