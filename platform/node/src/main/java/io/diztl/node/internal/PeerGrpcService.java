package io.diztl.node.internal;

import io.diztl.api.DiztlException;
import io.diztl.api.SearchQuery;
import io.diztl.index.IndexedFile;
import io.diztl.index.InvalidQueryException;
import io.diztl.index.ShareIndex;
import io.diztl.proto.v1.DownloadRequest;
import io.diztl.proto.v1.DownloadResponse;
import io.diztl.proto.v1.GetPreviewRequest;
import io.diztl.proto.v1.GetPreviewResponse;
import io.diztl.proto.v1.ListFolderRequest;
import io.diztl.proto.v1.ListFolderResponse;
import io.diztl.proto.v1.PeerGrpc;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.SearchResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer service: searches this node's index, lists its folders and serves its files and their
 * previews.
 */
public final class PeerGrpcService extends PeerGrpc.PeerImplBase {

  private static final Logger LOG = LoggerFactory.getLogger(PeerGrpcService.class);

  private final ShareIndex index;
  private final FileServer files;
  private final FolderServer folders;
  private final PreviewServer previews;

  /**
   * Answers from {@code index}, serves files through {@code files} and previews through {@code
   * previews}.
   */
  public PeerGrpcService(ShareIndex index, FileServer files, PreviewServer previews) {
    this.index = index;
    this.files = files;
    this.folders = new FolderServer(index);
    this.previews = previews;
  }

  @Override
  public void search(SearchRequest request, StreamObserver<SearchResponse> responses) {
    SearchQuery query;
    try {
      query = SearchMapping.toQuery(request);
    } catch (DiztlException e) {
      responses.onError(
          Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    List<IndexedFile> found;
    try {
      found = index.search(query);
    } catch (InvalidQueryException e) {
      responses.onError(
          Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    } catch (RuntimeException e) {
      LOG.warn("search {} failed: {}", query, e.toString(), e);
      responses.onError(
          Status.INTERNAL.withDescription("search failed: " + e.getMessage()).asRuntimeException());
      return;
    }
    LOG.debug("search {}: {} hits", query, found.size());
    SearchResponse.Builder response = SearchResponse.newBuilder();
    found.forEach(file -> response.addHits(SearchMapping.toHit(file)));
    responses.onNext(response.build());
    responses.onCompleted();
  }

  @Override
  public void listFolder(ListFolderRequest request, StreamObserver<ListFolderResponse> responses) {
    folders.list(request, responses);
  }

  @Override
  public void download(DownloadRequest request, StreamObserver<DownloadResponse> responses) {
    files.serve(request, responses);
  }

  @Override
  public void getPreview(GetPreviewRequest request, StreamObserver<GetPreviewResponse> responses) {
    previews.serve(request, responses);
  }
}
