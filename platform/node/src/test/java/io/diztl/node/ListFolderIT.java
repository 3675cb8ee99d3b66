package io.diztl.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.index.ShareIndex;
import io.diztl.proto.Identity;
import io.diztl.proto.PeerPin;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.DownloadRequest;
import io.diztl.proto.v1.DownloadResponse;
import io.diztl.proto.v1.FileType;
import io.diztl.proto.v1.FolderEntry;
import io.diztl.proto.v1.ListFolderRequest;
import io.diztl.proto.v1.ListFolderResponse;
import io.diztl.proto.v1.PeerGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Peer.ListFolder} of one real node on 127.0.0.1, over its real share folder. */
class ListFolderIT {

  /** Nothing listens on port 1 of the loopback interface, so this tracker is always down. */
  private static final String DOWN_TRACKER = "127.0.0.1:1";

  @TempDir Path root;

  private Path share;
  private Node node;
  private ManagedChannel channel;
  private PeerGrpc.PeerBlockingStub peer;

  @BeforeEach
  void start() throws Exception {
    share = root.resolve("share");
    Path outside = Files.createDirectories(root.resolve("outside"));
    write("Music/Jazz/a.flac", "aaaa", 3_000);
    write("Music/b.mp3", "bb", 2_000);
    write("notes.txt", "hello", 1_000);
    write("odd #1 100% \"q\".txt", "odd", 1_000);
    Files.createDirectories(share.resolve("empty-dir"));
    Files.writeString(outside.resolve("secret.txt"), "secret");
    Files.createSymbolicLink(share.resolve("escape"), outside);
    Files.createSymbolicLink(share.resolve("loop"), share.resolve("Music"));
    NodeConfig config =
        new NodeConfig(
            share,
            root.resolve("downloads"),
            root.resolve("data"),
            "127.0.0.1",
            0,
            "127.0.0.1",
            DOWN_TRACKER,
            false);
    node = Node.start(config);
    assertTrue(node.awaitIndexIdle(Duration.ofSeconds(30)), "index idle");
    channel =
        Transport.tls(Identity.generate()).channel("127.0.0.1", node.port(), PeerPin.of(node.id()));
    peer = PeerGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void stop() {
    Transport.close(channel);
    node.close();
  }

  private void write(String relative, String content, long modifiedMillis) throws Exception {
    Path file = share.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    Files.setLastModifiedTime(file, FileTime.fromMillis(modifiedMillis));
  }

  private ListFolderResponse list(String path, String token, int pageSize) {
    return peer.withDeadlineAfter(30, TimeUnit.SECONDS)
        .listFolder(
            ListFolderRequest.newBuilder()
                .setPath(path)
                .setPageToken(token)
                .setPageSize(pageSize)
                .build());
  }

  private static List<String> names(ListFolderResponse response) {
    return response.getEntriesList().stream().map(FolderEntry::getName).toList();
  }

  private void assertRefused(Status.Code code, String path, String token, int pageSize) {
    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> list(path, token, pageSize));
    assertEquals(code, e.getStatus().getCode(), "'" + path + "': " + e.getStatus());
    String description = e.getStatus().getDescription();
    assertNotNull(description);
    assertTrue(description.length() < 250, description);
    assertTrue(description.chars().noneMatch(Character::isISOControl), description);
  }

  private static String sha256(String content) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void listsTheShareRootWithFolderTotalsThenFiles() throws Exception {
    ListFolderResponse response = list("", "", 0);

    assertEquals("", response.getPath());
    assertEquals("", response.getNextPageToken());
    assertEquals(List.of("Music", "notes.txt", "odd #1 100% \"q\".txt"), names(response));
    assertEquals(
        FolderEntry.newBuilder()
            .setName("Music")
            .setPath("Music")
            .setFolder(true)
            .setSize(6)
            .setFiles(2)
            .setModifiedMillis(3_000)
            .build(),
        response.getEntries(0));
    assertEquals(
        FolderEntry.newBuilder()
            .setName("notes.txt")
            .setPath("notes.txt")
            .setSize(5)
            .setFiles(1)
            .setType(FileType.FILE_TYPE_DOCUMENT)
            .setFileId(ShareIndex.idOf("notes.txt"))
            .setSha256(sha256("hello"))
            .setModifiedMillis(1_000)
            .build(),
        response.getEntries(1));
  }

  @Test
  void listsASubFolderAndItsFileIdsDownload() {
    ListFolderResponse music = list("Music/", "", 0);

    assertEquals("Music", music.getPath());
    assertEquals(List.of("Jazz", "b.mp3"), names(music));
    FolderEntry file = music.getEntries(1);
    assertEquals(FileType.FILE_TYPE_AUDIO, file.getType());
    DownloadResponse header =
        peer.withDeadlineAfter(30, TimeUnit.SECONDS)
            .download(DownloadRequest.newBuilder().setFileId(file.getFileId()).build())
            .next();
    assertEquals("b.mp3", header.getHeader().getName());
    assertEquals(List.of("a.flac"), names(list("Music/Jazz", "", 0)));
  }

  @Test
  void pagesFollowOnWithOpaqueTokens() {
    List<String> seen = new ArrayList<>();
    String token = "";
    do {
      ListFolderResponse page = list("", token, 1);
      assertEquals(1, page.getEntriesCount());
      seen.addAll(names(page));
      token = page.getNextPageToken();
      assertTrue(token.matches("[A-Za-z0-9_-]*"), token);
    } while (!token.isEmpty());

    assertEquals(names(list("", "", 0)), seen);
  }

  @Test
  void malformedPathsTokensAndPageSizesAreInvalidArgument() {
    for (String path :
        List.of(
            "/",
            "/etc",
            "..",
            "../outside",
            "Music/../..",
            "./Music",
            "Music/.",
            "Music\\Jazz",
            "Music//Jazz",
            "Music\u0000",
            "Music\nJazz",
            "x".repeat(5_000))) {
      assertRefused(Status.Code.INVALID_ARGUMENT, path, "", 0);
    }
    assertRefused(Status.Code.INVALID_ARGUMENT, "", "not a token!", 0);
    assertRefused(Status.Code.INVALID_ARGUMENT, "", "", -1);
  }

  @Test
  void symlinkedFoldersArePermissionDenied() {
    for (String path : List.of("escape", "escape/", "loop", "loop/Jazz")) {
      assertRefused(Status.Code.PERMISSION_DENIED, path, "", 0);
    }
  }

  @Test
  void foldersTheIndexDoesNotHoldAreNotFound() {
    for (String path : List.of("missing", "empty-dir", "notes.txt", "Mus")) {
      assertRefused(Status.Code.NOT_FOUND, path, "", 0);
    }
  }
}
