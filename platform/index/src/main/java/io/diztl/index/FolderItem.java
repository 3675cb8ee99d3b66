package io.diztl.index;

import io.diztl.api.FileType;
import java.util.Objects;

/**
 * One entry of a {@link FolderPage}: a sub-folder or a file, as the index holds it.
 *
 * @param name the entry's name, without folders
 * @param path its path relative to the share folder, with '/' separators
 * @param folder whether it is a folder
 * @param size a file's size, or the total size of the files under a folder (at any depth)
 * @param files 1 for a file, or how many files are under a folder (at any depth)
 * @param type a file's type; {@link FileType#OTHER} for a folder
 * @param id a file's id (see {@link ShareIndex#idOf(String)}); empty for a folder
 * @param sha256 a file's lower-case hex SHA-256, empty while unknown or for a folder
 * @param modifiedMillis a file's last modification, or the newest of the files under a folder, in
 *     milliseconds since the epoch
 */
public record FolderItem(
    String name,
    String path,
    boolean folder,
    long size,
    long files,
    FileType type,
    String id,
    String sha256,
    long modifiedMillis) {

  /** Checks the parts. */
  public FolderItem {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(sha256, "sha256");
  }
}
