package io.diztl.node.internal.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.metadata.FileSample;
import io.diztl.api.preview.Preview;
import io.diztl.index.IndexConfig;
import io.diztl.index.ShareIndex;
import io.diztl.proto.v1.GetPreviewRequest;
import io.diztl.proto.v1.GetPreviewResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreviewServerTest {

  /** A JPEG of 32 x 16 pixels as far as its frame header goes. */
  static final byte[] JPEG = {
    (byte) 0xff,
    (byte) 0xd8,
    (byte) 0xff,
    (byte) 0xc0,
    0,
    11,
    8,
    0,
    16,
    0,
    32,
    1,
    1,
    0x11,
    0,
    (byte) 0xff,
    (byte) 0xd9
  };

  @TempDir Path root;
  private Path share;
  private Path cache;
  private ShareIndex index;
  private final List<FileSample> asked = new CopyOnWriteArrayList<>();
  private PreviewServer previews;

  @BeforeEach
  void start() throws Exception {
    share = Files.createDirectories(root.resolve("share"));
    cache = root.resolve("data/previews");
    Files.writeString(share.resolve("photo.jpg"), "pixels");
    Files.writeString(share.resolve("notes.txt"), "words");
    index = ShareIndex.open(new IndexConfig(share, root.resolve("index"), List.of()));
    index.reconcile();
    assertTrue(index.awaitIdle(Duration.ofSeconds(20)));
    previews =
        new PreviewServer(
            index,
            (file, limits) -> {
              asked.add(file);
              return file.extension().equals("jpg")
                  ? Optional.of(Preview.ofJpeg(JPEG))
                  : Optional.empty();
            },
            cache);
  }

  @AfterEach
  void stop() {
    index.close();
  }

  @Test
  void makesAPreviewOnceAndKeepsItByContentHash() throws Exception {
    String id = ShareIndex.idOf("photo.jpg");

    Preview first = previews.preview(id).orElseThrow();
    Preview again = previews.preview(id).orElseThrow();

    assertEquals(32, first.width());
    assertEquals(16, first.height());
    assertArrayEquals(JPEG, again.jpeg());
    assertEquals(1, asked.size(), "made once, then read from the cache");
    assertEquals(share.resolve("photo.jpg").toRealPath(), asked.getFirst().path());
    String sha = index.get(id).orElseThrow().sha256();
    assertArrayEquals(JPEG, Files.readAllBytes(cache.resolve(sha + ".jpg")));
  }

  @Test
  void hasNoneForUnknownIdsOrFilesNoPluginPreviews() {
    assertEquals(Optional.empty(), previews.preview("0123456789abcdef01234567"));
    assertEquals(Optional.empty(), previews.preview(ShareIndex.idOf("notes.txt")));
    DiztlException malformed =
        assertThrows(DiztlException.class, () -> previews.preview("../etc/passwd"));
    assertEquals(ErrorKind.INVALID_ARGUMENT, malformed.kind());
  }

  @Test
  void refusesAFileThatBecameALinkOutOfTheShare() throws Exception {
    Path outside = Files.writeString(root.resolve("secret.jpg"), "private pixels");
    Files.delete(share.resolve("photo.jpg"));
    Files.createSymbolicLink(share.resolve("photo.jpg"), outside);

    DiztlException refused =
        assertThrows(DiztlException.class, () -> previews.preview(ShareIndex.idOf("photo.jpg")));

    assertEquals(ErrorKind.PERMISSION_DENIED, refused.kind());
    assertEquals(List.of(), asked, "the plugins never see the file");
  }

  @Test
  void refusesAFileThatBecameAHardLinkToAFileOutside() throws Exception {
    Path outside = Files.writeString(root.resolve("secret.jpg"), "private pixels");
    Files.delete(share.resolve("photo.jpg"));
    Files.createLink(share.resolve("photo.jpg"), outside);

    DiztlException refused =
        assertThrows(DiztlException.class, () -> previews.preview(ShareIndex.idOf("photo.jpg")));

    assertEquals(ErrorKind.PERMISSION_DENIED, refused.kind());
    assertEquals(List.of(), asked, "the plugins never see the file");
  }

  @Test
  void answersPeersWithTheJpegOrNotFound() {
    Recorder found = new Recorder();
    previews.serve(
        GetPreviewRequest.newBuilder().setFileId(ShareIndex.idOf("photo.jpg")).build(), found);
    Recorder none = new Recorder();
    previews.serve(
        GetPreviewRequest.newBuilder().setFileId(ShareIndex.idOf("notes.txt")).build(), none);

    assertEquals(32, found.responses.getFirst().getWidth());
    assertArrayEquals(JPEG, found.responses.getFirst().getJpeg().toByteArray());
    assertEquals(Status.Code.NOT_FOUND, Status.fromThrowable(none.error).getCode());
  }

  /** What a call got. */
  private static final class Recorder implements StreamObserver<GetPreviewResponse> {
    final List<GetPreviewResponse> responses = new CopyOnWriteArrayList<>();
    volatile Throwable error;

    @Override
    public void onNext(GetPreviewResponse value) {
      responses.add(value);
    }

    @Override
    public void onError(Throwable t) {
      error = t;
    }

    @Override
    public void onCompleted() {}
  }
}
