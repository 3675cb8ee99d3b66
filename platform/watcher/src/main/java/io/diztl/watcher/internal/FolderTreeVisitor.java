package io.diztl.watcher.internal;

import io.methvin.watcher.visitor.FileTreeVisitor;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Visits a tree as directory-watcher's default visitor does (each folder before what it holds,
 * every other entry as a file, links not followed, unreadable entries skipped), without reading
 * the attributes of each entry of a folder that has no subfolder: on file systems that keep the
 * Unix convention that a folder's link count is two plus its subfolders (as {@code find} relies
 * on), a count of two says every entry is a file. The watcher walks the share twice at its start,
 * so this spares two reads of every file's attributes (a million in a share of a million files).
 * Elsewhere (btrfs, network and FUSE file systems, which may report any count) every entry is
 * looked at.
 */
public final class FolderTreeVisitor implements FileTreeVisitor {

  /** File systems whose folders' link counts follow the convention. */
  private static final Set<String> COUNTING_SUBFOLDERS =
      Set.of("ext2", "ext3", "ext4", "xfs", "tmpfs", "f2fs", "jfs", "reiserfs", "nilfs2");

  private final boolean trustLinkCounts;

  private FolderTreeVisitor(boolean trustLinkCounts) {
    this.trustLinkCounts = trustLinkCounts;
  }

  /** A visitor for the tree at {@code root}: trusting link counts where its file system may. */
  public static FolderTreeVisitor forTree(Path root) {
    boolean counting;
    try {
      FileStore store = Files.getFileStore(root);
      counting =
          COUNTING_SUBFOLDERS.contains(store.type()) && store.supportsFileAttributeView("unix");
    } catch (IOException | RuntimeException e) {
      counting = false;
    }
    return new FolderTreeVisitor(counting);
  }

  /** A visitor that looks at every entry, whatever the file system. */
  static FolderTreeVisitor lookingAtEveryEntry() {
    return new FolderTreeVisitor(false);
  }

  /** A visitor that trusts link counts, whatever the file system (for tests). */
  static FolderTreeVisitor trustingLinkCounts() {
    return new FolderTreeVisitor(true);
  }

  @Override
  public void recursiveVisitFiles(Path start, Callback onDirectory, Callback onFile)
      throws IOException {
    if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
      if (Files.exists(start, LinkOption.NOFOLLOW_LINKS)) {
        onFile.call(start);
      }
      return;
    }
    Deque<Path> folders = new ArrayDeque<>();
    folders.push(start);
    while (!folders.isEmpty()) {
      Path folder = folders.pop();
      onDirectory.call(folder);
      boolean allFiles = trustLinkCounts && linkCount(folder) == 2;
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
        for (Path entry : entries) {
          if (!allFiles && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
            folders.push(entry);
          } else {
            onFile.call(entry);
          }
        }
      } catch (IOException | SecurityException e) {
        // As the default visitor: a folder that cannot be listed is skipped.
      }
    }
  }

  private static int linkCount(Path folder) {
    try {
      return (Integer) Files.getAttribute(folder, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
