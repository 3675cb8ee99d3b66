/**
 * The benchmark harness: drives the assembled distribution as separate processes on 127.0.0.1,
 * measures each figure beside its reference tool and writes the table that bench/run.sh wraps into
 * BENCHMARKS.md.
 */
package io.diztl.bench;
