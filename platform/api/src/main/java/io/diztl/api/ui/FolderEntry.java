package io.diztl.api.ui;

import io.diztl.api.FileType;

/**
 * One entry of a {@link FolderListing}: a sub-folder or a file.
 *
 * @param name the entry's name, without folders
 * @param path its path in the node's share, {@code /}-separated, without a leading slash
 * @param folder whether it is a folder
 * @param size a file's size, or the total size of the files under a folder
 * @param files 1 for a file, or how many files are under a folder (at any depth)
 * @param type a file's type; {@link FileType#OTHER} for a folder
 * @param ref a file's download reference {@code NODE_ID:FILE_ID}; empty for a folder
 * @param sha256 a file's content hash, empty while unknown or for a folder
 * @param modifiedMillis a file's last modification, or the newest under a folder
 * @since 0.2
 */
public record FolderEntry(
    String name,
    String path,
    boolean folder,
    long size,
    long files,
    FileType type,
    String ref,
    String sha256,
    long modifiedMillis) {}
