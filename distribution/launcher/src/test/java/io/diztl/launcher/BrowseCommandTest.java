package io.diztl.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.diztl.proto.v1.BrowseResponse;
import io.diztl.proto.v1.FolderEntry;
import io.diztl.proto.v1.NodeInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class BrowseCommandTest {

  private static final NodeInfo NODE =
      NodeInfo.newBuilder().setNodeId("synw3u7n4pfy5s5kzpli3ycazub").setName("alice").build();

  @Test
  void printsFoldersWithCountsAndSizesThenFilesWithTheirRefs() {
    List<FolderEntry> entries =
        List.of(
            FolderEntry.newBuilder()
                .setName("jazz")
                .setFolder(true)
                .setFiles(12)
                .setSize(3 * 1024 * 1024)
                .build(),
            FolderEntry.newBuilder()
                .setName("so what.mp3")
                .setSize(2048)
                .setFiles(1)
                .setType(io.diztl.proto.v1.FileType.FILE_TYPE_AUDIO)
                .setFileId("0123456789abcdef01234567")
                .build());

    List<String> lines = BrowseCommand.table(NODE, entries).lines().toList();

    assertEquals(
        List.of(
            "NAME            SIZE  FILES  TYPE   REF",
            "jazz/        3.0 MiB     12",
            "so what.mp3  2.0 KiB         audio "
                + " synw3u7n4pfy5s5kzpli3ycazub:0123456789abcdef01234567"),
        lines);
  }

  @Test
  void escapesWhatTheNodeNamed() {
    String table =
        BrowseCommand.table(
            NODE,
            List.of(FolderEntry.newBuilder().setName("evil\u202Egpj.exe").setFileId("zz").build()));

    assertEquals("evil\\u202Egpj.exe", table.lines().toList().get(1).split("  ")[0]);
  }

  @Test
  void summarisesTheFolder() {
    BrowseResponse page = BrowseResponse.newBuilder().setNode(NODE).setPath("music").build();
    List<FolderEntry> entries =
        List.of(
            FolderEntry.newBuilder().setFolder(true).build(),
            FolderEntry.getDefaultInstance(),
            FolderEntry.getDefaultInstance());

    assertEquals("1 folder, 2 files in alice:/music", BrowseCommand.summary(page, entries));
    assertEquals("", BrowseCommand.table(NODE, List.of()));
  }
}
