package io.diztl.index;

import io.diztl.api.FileType;

/**
 * One file of the index.
 *
 * @param id stable id derived from the relative path (see {@link ShareIndex#idOf(String)})
 * @param path path relative to the share folder, with '/' separators
 * @param name file name without folders
 * @param extension lower-case extension without dot, empty when the name has none
 * @param type type category derived from the extension
 * @param size size in bytes
 * @param modifiedMillis last modification time in milliseconds since the epoch
 * @param sha256 lower-case hex SHA-256 of the content, empty until the background hasher got to it
 * @param score relevance in the search that returned it, 0 outside a search
 */
public record IndexedFile(
    String id,
    String path,
    String name,
    String extension,
    FileType type,
    long size,
    long modifiedMillis,
    String sha256,
    float score) {}
