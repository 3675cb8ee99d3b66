package io.diztl.index;

/**
 * Counts describing an index at one moment.
 *
 * @param files files in the index
 * @param bytes total size of those files
 * @param hashed files whose SHA-256 is known
 */
public record IndexStats(long files, long bytes, long hashed) {}
