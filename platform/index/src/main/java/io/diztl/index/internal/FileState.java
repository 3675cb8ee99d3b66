package io.diztl.index.internal;

/**
 * The part of a stored document the reconciler compares with the disk, read from doc values.
 *
 * @param path path relative to the share folder, with '/' separators
 * @param stamp size and modification time stored
 * @param sha256 stored hash, empty while unknown
 * @param extractorsVersion the extractors version the metadata was extracted with, empty if never
 */
record FileState(String path, FileStamp stamp, String sha256, String extractorsVersion) {}
