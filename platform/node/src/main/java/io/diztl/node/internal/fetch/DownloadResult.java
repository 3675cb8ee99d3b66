package io.diztl.node.internal.fetch;

import java.nio.file.Path;

/**
 * A verified, completed download.
 *
 * @param finalPath where the file now is, under its (possibly numbered) final name
 * @param sha256 lower-case hex SHA-256 of the content, checked against the peer's
 * @param size size in bytes
 */
public record DownloadResult(Path finalPath, String sha256, long size) {}
