package io.diztl.watcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methvin.watcher.visitor.FileTreeVisitor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderTreeVisitorTest {

  @TempDir Path root;

  @BeforeEach
  void tree() throws IOException {
    Files.writeString(root.resolve("a.txt"), "a");
    Files.createDirectories(root.resolve("sub/deeper"));
    Files.createDirectories(root.resolve("empty"));
    Files.writeString(root.resolve("sub/b.txt"), "b");
    Files.writeString(root.resolve("sub/deeper/c.txt"), "c");
    Files.writeString(root.resolve("sub/deeper/d.txt"), "d");
    Files.createSymbolicLink(root.resolve("link-to-sub"), root.resolve("sub"));
    Files.createSymbolicLink(root.resolve("sub/deeper/link-to-a"), root.resolve("a.txt"));
  }

  @Test
  void reportsWhatTheLibrarysOwnVisitorReports() throws IOException {
    Seen expected = visit(FileTreeVisitor.DEFAULT_FILE_TREE_VISITOR, root);

    assertEquals(expected, visit(FolderTreeVisitor.trustingLinkCounts(), root));
    assertEquals(expected, visit(FolderTreeVisitor.lookingAtEveryEntry(), root));
    assertEquals(expected, visit(FolderTreeVisitor.forTree(root), root));
    assertEquals(
        Set.of(root, root.resolve("sub"), root.resolve("sub/deeper"), root.resolve("empty")),
        expected.folders());
  }

  @Test
  void aStartThatIsAFileIsReportedAsOne() throws IOException {
    Path file = root.resolve("a.txt");

    assertEquals(
        visit(FileTreeVisitor.DEFAULT_FILE_TREE_VISITOR, file),
        visit(FolderTreeVisitor.trustingLinkCounts(), file));
    assertEquals(
        new Seen(Set.of(), Set.of(file)), visit(FolderTreeVisitor.trustingLinkCounts(), file));
  }

  @Test
  void aFolderThatAppearsMidwayIsFollowedIntoItsNewSubfolders() throws IOException {
    Path added = Files.createDirectories(root.resolve("sub/deeper/added/inner"));
    Files.writeString(added.resolve("e.txt"), "e");

    Seen seen = visit(FolderTreeVisitor.trustingLinkCounts(), root.resolve("sub"));

    assertEquals(visit(FileTreeVisitor.DEFAULT_FILE_TREE_VISITOR, root.resolve("sub")), seen);
    assertTrue(seen.files().contains(added.resolve("e.txt")));
  }

  private record Seen(Set<Path> folders, Set<Path> files) {}

  private static Seen visit(FileTreeVisitor visitor, Path start) throws IOException {
    Set<Path> folders = new HashSet<>();
    List<Path> files = new ArrayList<>();
    visitor.recursiveVisitFiles(start, folders::add, files::add);
    assertEquals(files.size(), new HashSet<>(files).size(), "no entry reported twice");
    return new Seen(folders, new HashSet<>(files));
  }
}
