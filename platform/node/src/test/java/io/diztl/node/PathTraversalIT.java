package io.diztl.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.proto.Identity;
import io.diztl.proto.PeerPin;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.DownloadRequest;
import io.diztl.proto.v1.DownloadResponse;
import io.diztl.proto.v1.FolderEntry;
import io.diztl.proto.v1.GetPreviewRequest;
import io.diztl.proto.v1.ListFolderRequest;
import io.diztl.proto.v1.ListFolderResponse;
import io.diztl.proto.v1.PeerGrpc;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile peer over real TCP (mutual TLS) naming paths and file ids in every encoding that could
 * climb out of the share, and downloading a hard link to a file outside it: each request gets a
 * clear refusal, nothing outside the share is ever sent, and the node keeps serving.
 */
class PathTraversalIT {

  private static final String DOWN_TRACKER = "127.0.0.1:1";
  private static final String SECRET = "top secret outside the share";

  /** Paths a request may name that would climb out if taken as they are or decoded once more. */
  private static final List<String> HOSTILE_PATHS =
      List.of(
          "..",
          "../",
          "../outside",
          "../outside/secret.txt",
          "Music/../../outside",
          "Music/./../..",
          "/",
          "/etc/passwd",
          "//outside",
          "..\\outside",
          "Music\\..\\..\\outside",
          "%2e%2e%2f",
          "%2e%2e/outside",
          "..%2foutside",
          "%252e%252e%252foutside",
          "%c0%ae%c0%ae/outside",
          "\u00c0\u00ae\u00c0\u00ae/outside",
          "\uff0e\uff0e/outside",
          "\uff0e\uff0e\uff0foutside",
          "\u2025/outside",
          "..\u0000/outside",
          "Music\u0000",
          "\u0000",
          "escape",
          "escape/secret.txt",
          "Music/" + "../".repeat(2000) + "outside");

  @TempDir Path root;
  private Path share;
  private Node node;
  private ManagedChannel channel;
  private PeerGrpc.PeerBlockingStub peer;

  @BeforeEach
  void start() throws Exception {
    share = Files.createDirectories(root.resolve("share"));
    Path outside = Files.createDirectories(root.resolve("outside"));
    Files.createDirectories(share.resolve("Music"));
    Files.writeString(share.resolve("Music/a.mp3"), "inside");
    Files.writeString(outside.resolve("secret.txt"), SECRET);
    Files.createSymbolicLink(share.resolve("escape"), outside);
    Files.createLink(share.resolve("hardlink.txt"), outside.resolve("secret.txt"));
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
    peer = PeerGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    Transport.close(channel);
    node.close();
  }

  @Test
  void hostileFolderPathsAreRefusedClearly() {
    for (String path : HOSTILE_PATHS) {
      StatusRuntimeException e =
          assertThrows(
              StatusRuntimeException.class,
              () -> peer.listFolder(ListFolderRequest.newBuilder().setPath(path).build()),
              () -> "listed '" + path + "'");
      assertClear(
          e,
          Set.of(
              Status.Code.INVALID_ARGUMENT, Status.Code.NOT_FOUND, Status.Code.PERMISSION_DENIED));
    }
    assertStillServing();
  }

  @Test
  void hostileFileIdsAreInvalidForDownloadsAndPreviews() {
    for (String id : HOSTILE_PATHS) {
      StatusRuntimeException download =
          assertThrows(StatusRuntimeException.class, () -> drain(id), () -> "downloaded " + id);
      assertClear(download, Set.of(Status.Code.INVALID_ARGUMENT));
      StatusRuntimeException preview =
          assertThrows(
              StatusRuntimeException.class,
              () -> peer.getPreview(GetPreviewRequest.newBuilder().setFileId(id).build()));
      assertClear(preview, Set.of(Status.Code.INVALID_ARGUMENT));
    }
    assertStillServing();
  }

  @Test
  void overlongUtf8BytesOnTheWireAreRefused() {
    // Overlong encodings of "../" and a lone continuation byte: not UTF-8 at all, so protobuf
    // refuses the message before the node sees a path. gRPC ends such a call as UNKNOWN.
    for (byte[] path :
        List.of(
            new byte[] {
              (byte) 0xc0, (byte) 0xae, (byte) 0xc0, (byte) 0xae, (byte) 0xc0, (byte) 0xaf
            },
            new byte[] {'.', '.', (byte) 0xe0, (byte) 0x80, (byte) 0xaf, 'x'},
            new byte[] {(byte) 0x80})) {
      byte[] message = new byte[path.length + 2];
      message[0] = 0x0a; // field 1 (path), length-delimited
      message[1] = (byte) path.length;
      System.arraycopy(path, 0, message, 2, path.length);
      StatusRuntimeException e =
          assertThrows(
              StatusRuntimeException.class,
              () ->
                  ClientCalls.blockingUnaryCall(
                      channel,
                      RAW_LIST_FOLDER,
                      CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
                      message));
      assertClear(
          e, Set.of(Status.Code.INVALID_ARGUMENT, Status.Code.INTERNAL, Status.Code.UNKNOWN));
    }
    assertStillServing();
  }

  @Test
  void aHardLinkToAFileOutsideTheShareIsNotServed() {
    FolderEntry link =
        peer.listFolder(ListFolderRequest.getDefaultInstance()).getEntriesList().stream()
            .filter(entry -> entry.getName().equals("hardlink.txt"))
            .findFirst()
            .orElseThrow();
    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> drain(link.getFileId()));
    assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
    assertEquals(
        "file hardlink.txt has other hard links, which may lie outside the share",
        e.getStatus().getDescription());
    assertStillServing();
  }

  private String drain(String id) {
    Iterator<DownloadResponse> responses =
        peer.download(DownloadRequest.newBuilder().setFileId(id).build());
    StringBuilder data = new StringBuilder();
    while (responses.hasNext()) {
      data.append(responses.next().getData().toStringUtf8());
    }
    assertFalse(data.toString().contains(SECRET), "outside bytes sent for " + id);
    return data.toString();
  }

  private static void assertClear(StatusRuntimeException e, Set<Status.Code> expected) {
    assertTrue(expected.contains(e.getStatus().getCode()), e.getStatus().toString());
    String description = e.getStatus().getDescription();
    assertNotNull(description, e.getStatus().toString());
    assertTrue(description.length() < 250, description);
    assertTrue(description.chars().noneMatch(Character::isISOControl), description);
    assertFalse(description.contains(SECRET), description);
  }

  private void assertStillServing() {
    ListFolderResponse music =
        peer.listFolder(ListFolderRequest.newBuilder().setPath("Music").build());
    FolderEntry song = music.getEntries(0);
    assertEquals("a.mp3", song.getName());
    assertEquals("inside", drain(song.getFileId()));
  }

  /**
   * {@code Peer.ListFolder} with the request as raw bytes, to send what no protobuf writer would.
   */
  private static final MethodDescriptor<byte[], ListFolderResponse> RAW_LIST_FOLDER =
      PeerGrpc.getListFolderMethod().toBuilder(
              new RawBytes(), PeerGrpc.getListFolderMethod().getResponseMarshaller())
          .build();

  private static final class RawBytes implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
