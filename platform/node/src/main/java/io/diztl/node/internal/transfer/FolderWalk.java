package io.diztl.node.internal.transfer;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.ui.FolderEntry;
import io.diztl.api.ui.FolderListing;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Lists every file under a folder of another node's share, page by page and folder by folder,
 * within bounds, so that a node that answers without end (a loop of folders, endless pages) cannot
 * keep this one busy.
 */
public final class FolderWalk {

  /** Most files one folder download takes. */
  static final int MAX_FILES = 10_000;

  /** Most folders deep it goes. */
  static final int MAX_DEPTH = 32;

  /** Most pages (of all folders together) it asks for. */
  static final int MAX_PAGES = 2_000;

  /** How a page of a folder is asked for. */
  @FunctionalInterface
  public interface Lister {
    /** One page of a folder of a node's share. */
    FolderListing list(String path, String pageToken);
  }

  /**
   * A file found and the sub-folders it is in below the walked folder, outermost first, by the
   * names the node gave.
   */
  public record FoundFile(List<String> folders, FolderEntry entry) {}

  private final Lister lister;
  private final Set<String> visited = new HashSet<>();
  private final List<FoundFile> found = new ArrayList<>();
  private int pages;

  private FolderWalk(Lister lister) {
    this.lister = lister;
  }

  /**
   * The files under {@code path}, at any depth.
   *
   * @throws DiztlException {@code RESOURCE_EXHAUSTED} past the bounds, else what the listing threw
   */
  public static List<FoundFile> files(Lister lister, String path) {
    FolderWalk walk = new FolderWalk(lister);
    walk.walk(path, List.of());
    return walk.found;
  }

  private void walk(String path, List<String> folders) {
    if (folders.size() > MAX_DEPTH) {
      throw tooMuch("folders nested deeper than " + MAX_DEPTH);
    }
    if (!visited.add(path)) {
      return;
    }
    List<FolderEntry> subfolders = new ArrayList<>();
    String token = "";
    do {
      if (++pages > MAX_PAGES) {
        throw tooMuch("more than " + MAX_PAGES + " pages of listings");
      }
      FolderListing page = lister.list(path, token);
      for (FolderEntry entry : page.entries()) {
        if (entry.folder()) {
          subfolders.add(entry);
        } else if (!entry.ref().isEmpty()) {
          if (found.size() >= MAX_FILES) {
            throw tooMuch("more than " + MAX_FILES + " files");
          }
          found.add(new FoundFile(folders, entry));
        }
      }
      token = page.nextPageToken();
    } while (!token.isEmpty());
    for (FolderEntry folder : subfolders) {
      List<String> deeper = new ArrayList<>(folders);
      deeper.add(folder.name());
      walk(folder.path(), List.copyOf(deeper));
    }
  }

  private static DiztlException tooMuch(String what) {
    return new DiztlException(
        ErrorKind.RESOURCE_EXHAUSTED,
        "the folder is too big to download at once: expected at most "
            + MAX_FILES
            + " files in at most "
            + MAX_DEPTH
            + " levels, found "
            + what);
  }
}
