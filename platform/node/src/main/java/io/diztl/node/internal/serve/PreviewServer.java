package io.diztl.node.internal.serve;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.metadata.FileSample;
import io.diztl.api.preview.Preview;
import io.diztl.api.preview.PreviewLimits;
import io.diztl.index.IndexedFile;
import io.diztl.index.ShareIndex;
import io.diztl.node.internal.GrpcErrors;
import io.diztl.proto.v1.GetPreviewRequest;
import io.diztl.proto.v1.GetPreviewResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Previews of this node's files, for {@code Peer.GetPreview} and its own user interfaces: checks
 * the id and the file as {@link FileServer} does (only indexed files, inside the share, reached
 * through no symbolic link), then answers from the cache, {@code DATA/previews/<sha256>.jpg}, or
 * has the plugins make one (at most {@value #MAKING_AT_ONCE} at once) and keeps it there.
 * Thread-safe.
 */
public final class PreviewServer {

  private static final Logger LOG = LoggerFactory.getLogger(PreviewServer.class);

  /** Previews made at once; more requests wait up to {@link #WAIT_SECONDS}. */
  static final int MAKING_AT_ONCE = 2;

  private static final long WAIT_SECONDS = 5;

  private final ShareIndex index;
  private final BiFunction<FileSample, PreviewLimits, Optional<Preview>> maker;
  private final Path cache;
  private final Semaphore making = new Semaphore(MAKING_AT_ONCE);
  private final ConfinedOpener opener = new ConfinedOpener(false);

  /**
   * Serves previews of the files of {@code index} that {@code maker} (the plugin host) makes,
   * cached in the folder {@code cache}.
   */
  public PreviewServer(
      ShareIndex index,
      BiFunction<FileSample, PreviewLimits, Optional<Preview>> maker,
      Path cache) {
    this.index = Objects.requireNonNull(index, "index");
    this.maker = Objects.requireNonNull(maker, "maker");
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  /**
   * The preview of the file with id {@code fileId}; empty when the index has no such file or no
   * preview can be made of it.
   *
   * @throws DiztlException {@code INVALID_ARGUMENT} for a malformed id, {@code PERMISSION_DENIED}
   *     for a file that leads out of the share or is not a regular file, {@code RESOURCE_EXHAUSTED}
   *     when too many previews are being made
   */
  public Optional<Preview> preview(String fileId) {
    if (!FileServer.isFileId(fileId)) {
      throw new DiztlException(
          ErrorKind.INVALID_ARGUMENT,
          "file id must be 24 hex characters, found '" + FileServer.echo(fileId) + "'");
    }
    Optional<IndexedFile> indexed = index.get(fileId);
    if (indexed.isEmpty() || indexed.get().size() > PreviewLimits.DEFAULT.maxFileBytes()) {
      return Optional.empty();
    }
    IndexedFile file = indexed.get();
    Path real;
    String sha256;
    try {
      real = index.confine(file.path());
      checkOpens(file);
      sha256 = index.sha256(file);
    } catch (DiztlException e) {
      if (e.kind() == ErrorKind.PERMISSION_DENIED) {
        throw e;
      }
      LOG.debug("No preview of {}: {}", file.path(), e.getMessage());
      return Optional.empty();
    }
    Path cached = cache.resolve(sha256 + ".jpg");
    return cached(cached).or(() -> make(file, real, cached));
  }

  /** Answers one {@code Peer.GetPreview} call; every failure ends it with a status. */
  public void serve(GetPreviewRequest request, StreamObserver<GetPreviewResponse> responses) {
    Optional<Preview> preview;
    try {
      preview = preview(request.getFileId());
    } catch (DiztlException e) {
      LOG.debug(
          "Refused preview of '{}': {}", FileServer.echo(request.getFileId()), e.getMessage());
      responses.onError(GrpcErrors.toStatus(e));
      return;
    } catch (RuntimeException e) {
      LOG.warn("Cannot make a preview of '{}'", FileServer.echo(request.getFileId()), e);
      responses.onError(
          Status.INTERNAL.withDescription("cannot make the preview").asRuntimeException());
      return;
    }
    if (preview.isEmpty()) {
      responses.onError(
          Status.NOT_FOUND
              .withDescription("no preview of file " + request.getFileId() + " here")
              .asRuntimeException());
      return;
    }
    responses.onNext(
        GetPreviewResponse.newBuilder()
            .setJpeg(com.google.protobuf.ByteString.copyFrom(preview.get().jpeg()))
            .setWidth(preview.get().width())
            .setHeight(preview.get().height())
            .build());
    responses.onCompleted();
  }

  /**
   * Checks that {@code file} opens as {@link FileServer} would serve it (a regular file with no
   * other hard link, reached through no symbolic link); the plugins then read it by its path.
   */
  private void checkOpens(IndexedFile file) {
    try {
      opener.open(index.shareDir(), file.path()).channel().close();
    } catch (IOException e) {
      throw new DiztlException(
          ErrorKind.INTERNAL, "cannot read " + file.path() + ": " + e.getMessage(), e);
    }
  }

  private static Optional<Preview> cached(Path cached) {
    try {
      return Optional.of(Preview.ofJpeg(Files.readAllBytes(cached)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("Dropping the unreadable cached preview {}: {}", cached, e.toString());
      return Optional.empty();
    }
  }

  private Optional<Preview> make(IndexedFile file, Path real, Path cached) {
    try {
      if (!making.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new DiztlException(
            ErrorKind.RESOURCE_EXHAUSTED,
            "the node is making " + MAKING_AT_ONCE + " previews at once; try again");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DiztlException(ErrorKind.CANCELLED, "interrupted while waiting to make a preview");
    }
    try {
      Optional<Preview> made =
          maker.apply(
              new FileSample(real, file.path(), file.name(), file.extension(), file.size()),
              PreviewLimits.DEFAULT);
      made.ifPresent(preview -> keep(preview, cached));
      LOG.debug("Preview of {}: {}", file.path(), made.isPresent() ? "made" : "none");
      return made;
    } finally {
      making.release();
    }
  }

  private static void keep(Preview preview, Path cached) {
    try {
      Files.createDirectories(cached.getParent());
      Path temporary = Files.createTempFile(cached.getParent(), ".preview-", ".tmp");
      try {
        Files.write(temporary, preview.jpeg());
        try {
          Files.move(temporary, cached, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temporary, cached, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      LOG.warn("Cannot keep the preview {}: {}", cached, e.toString());
    }
  }
}
