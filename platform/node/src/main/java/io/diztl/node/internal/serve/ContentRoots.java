package io.diztl.node.internal.serve;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The content roots a server announced lately, each with the size and modification time of the file
 * it was taken of: a download of a big file is asked for in many ranges, and looking its root up in
 * the index again for each (a stored piece layer read and its tree checked) cost the sender more
 * than sending a megabyte. A root is given again only while its file still has that size and
 * modification time, which is all the index itself checks before it answers with a stored hash.
 * Keeps the most recently used roots; thread-safe.
 */
final class ContentRoots {

  private record Root(String path, long size, long modifiedMillis, String rootHex) {}

  private final Map<String, Root> roots;

  /** Keeps the roots of up to {@code kept} files. */
  ContentRoots(int kept) {
    this.roots =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Root> eldest) {
            return size() > kept;
          }
        };
  }

  /** The root of file {@code id} at {@code path}, when it was noted for this size and time. */
  synchronized Optional<String> get(String id, String path, long size, long modifiedMillis) {
    Root root = roots.get(id);
    return root != null
            && root.path().equals(path)
            && root.size() == size
            && root.modifiedMillis() == modifiedMillis
        ? Optional.of(root.rootHex())
        : Optional.empty();
  }

  /** Notes the root of file {@code id} at {@code path} as it was at this size and time. */
  synchronized void put(String id, String path, long size, long modifiedMillis, String rootHex) {
    roots.put(id, new Root(path, size, modifiedMillis, rootHex));
  }
}
