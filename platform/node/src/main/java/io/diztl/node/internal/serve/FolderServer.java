package io.diztl.node.internal.serve;

import io.diztl.api.DiztlException;
import io.diztl.index.FolderItem;
import io.diztl.index.FolderPage;
import io.diztl.index.ShareIndex;
import io.diztl.node.WireTypes;
import io.diztl.node.internal.GrpcErrors;
import io.diztl.proto.v1.FileType;
import io.diztl.proto.v1.FolderEntry;
import io.diztl.proto.v1.ListFolderRequest;
import io.diztl.proto.v1.ListFolderResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code Peer.ListFolder} from the index: the index checks the path, confines it to the
 * share and lists the page; this maps the page to the wire and its errors to a {@link Status}.
 */
public final class FolderServer {

  private static final Logger LOG = LoggerFactory.getLogger(FolderServer.class);

  private final ShareIndex index;

  /** Lists the folders of {@code index}. */
  public FolderServer(ShareIndex index) {
    this.index = Objects.requireNonNull(index, "index");
  }

  /** Answers one call; every failure ends it with a status and a short description. */
  public void list(ListFolderRequest request, StreamObserver<ListFolderResponse> responses) {
    FolderPage page;
    try {
      page = index.list(request.getPath(), request.getPageToken(), request.getPageSize());
    } catch (DiztlException e) {
      StatusRuntimeException status = GrpcErrors.toStatus(e);
      LOG.debug("Refused listing of '{}': {}", FileServer.echo(request.getPath()), e.getMessage());
      responses.onError(status);
      return;
    } catch (RuntimeException e) {
      LOG.warn("Cannot list '{}'", FileServer.echo(request.getPath()), e);
      responses.onError(
          Status.INTERNAL.withDescription("cannot list the folder").asRuntimeException());
      return;
    }
    ListFolderResponse.Builder response =
        ListFolderResponse.newBuilder().setPath(page.path()).setNextPageToken(page.nextPageToken());
    page.entries().forEach(entry -> response.addEntries(toProto(entry)));
    LOG.debug("Listed '{}': {} entries", page.path(), page.entries().size());
    responses.onNext(response.build());
    responses.onCompleted();
  }

  /** The wire form of one entry. */
  static FolderEntry toProto(FolderItem entry) {
    return FolderEntry.newBuilder()
        .setName(entry.name())
        .setPath(entry.path())
        .setFolder(entry.folder())
        .setSize(entry.size())
        .setFiles(entry.files())
        .setType(entry.folder() ? FileType.FILE_TYPE_UNSPECIFIED : WireTypes.toWire(entry.type()))
        .setFileId(entry.id())
        .setSha256(entry.sha256())
        .setModifiedMillis(entry.modifiedMillis())
        .build();
  }
}
