/** JMH micro-benchmarks of the hot paths: SHA-256 of a chunk and a search of a share index. */
package io.diztl.bench.micro;
