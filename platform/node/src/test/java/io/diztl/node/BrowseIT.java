package io.diztl.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.proto.v1.BrowseRequest;
import io.diztl.proto.v1.BrowseResponse;
import io.diztl.proto.v1.FolderEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Control.Browse} end to end on one real node, through its own peer port: needs the peer
 * service's {@code ListFolder}, and fails saying so while that is missing.
 */
class BrowseIT {

  @TempDir Path root;

  private Node node;
  private ControlClient control;

  @BeforeEach
  void start() throws Exception {
    Path share = root.resolve("share");
    Files.createDirectories(share.resolve("videos/2024"));
    Files.writeString(share.resolve("videos/holiday.mp4"), "not really a video");
    Files.writeString(share.resolve("videos/2024/beach.mkv"), "waves");
    Files.writeString(share.resolve("notes.txt"), "hello");
    node =
        Node.start(
            new NodeConfig(
                share,
                root.resolve("downloads"),
                root.resolve("data"),
                "127.0.0.1",
                0,
                "127.0.0.1",
                "127.0.0.1:1",
                false));
    assertTrue(node.awaitIndexIdle(Duration.ofSeconds(30)));
    control = ControlClient.connect(root.resolve("data"));
  }

  @AfterEach
  void stop() {
    control.close();
    node.close();
  }

  @Test
  void listsThisNodesShareFoldersFirstWithRefsForItsFiles() {
    BrowseResponse top = browse("");

    assertEquals(node.id(), top.getNode().getNodeId());
    assertEquals("", top.getPath());
    assertEquals(List.of("videos", "notes.txt"), names(top));
    FolderEntry videos = top.getEntries(0);
    assertTrue(videos.getFolder());
    assertEquals(2, videos.getFiles());
    assertEquals(18 + 5, videos.getSize());
    FolderEntry notes = top.getEntries(1);
    assertFalse(notes.getFolder());
    assertEquals(FileRef.parse(node.id() + ":" + notes.getFileId()).fileId(), notes.getFileId());

    assertEquals(List.of("2024", "holiday.mp4"), names(browse("videos")));
  }

  @Test
  void refusesPathsThatLeaveTheShareAndTellsMissingFolders() {
    browse("");
    DiztlException outside = assertThrows(DiztlException.class, () -> browse("../.."));
    assertTrue(
        outside.kind() == ErrorKind.PERMISSION_DENIED
            || outside.kind() == ErrorKind.INVALID_ARGUMENT,
        outside.kind() + ": " + outside.getMessage());
    assertEquals(
        ErrorKind.NOT_FOUND, assertThrows(DiztlException.class, () -> browse("nope")).kind());
  }

  @Test
  void anUnknownNodeIsNotFoundOrTheTrackerUnreachable() {
    DiztlException e =
        assertThrows(
            DiztlException.class,
            () -> control.browse(BrowseRequest.newBuilder().setNodeId("ffffffffffffffff").build()));

    assertEquals(ErrorKind.UNAVAILABLE, e.kind(), e.getMessage());
    assertTrue(e.getMessage().contains("tracker 127.0.0.1:1 unreachable"), e.getMessage());
  }

  /** One whole folder of this node, every page. */
  private BrowseResponse browse(String path) {
    BrowseResponse.Builder all = BrowseResponse.newBuilder();
    String token = "";
    do {
      BrowseResponse page;
      try {
        page =
            control.browse(
                BrowseRequest.newBuilder()
                    .setNodeId(node.id())
                    .setPath(path)
                    .setPageToken(token)
                    .build());
      } catch (DiztlException e) {
        if (e.kind() == ErrorKind.FAILED_PRECONDITION
            && e.getMessage().contains("Peer/ListFolder")) {
          fail("the peer service does not implement Peer.ListFolder yet: " + e.getMessage());
        }
        throw e;
      }
      all.setNode(page.getNode()).setPath(page.getPath()).addAllEntries(page.getEntriesList());
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return all.build();
  }

  private static List<String> names(BrowseResponse response) {
    return response.getEntriesList().stream().map(FolderEntry::getName).toList();
  }
}
