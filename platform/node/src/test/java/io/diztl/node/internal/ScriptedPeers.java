package io.diztl.node.internal;

import io.diztl.api.preview.Preview;
import io.diztl.api.ui.PeerInfo;
import io.diztl.proto.v1.GetPreviewRequest;
import io.diztl.proto.v1.ListFolderRequest;
import io.diztl.proto.v1.ListFolderResponse;
import io.grpc.Channel;
import io.grpc.Status;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Peer services without a wire: each node's pages by {@code path|pageToken}, or a status it fails
 * with, and previews by file id; records which node (and address) each call went to.
 */
public final class ScriptedPeers implements PeerClient {

  final Map<String, ListFolderResponse> pages = new ConcurrentHashMap<>();
  final Map<String, Status> failures = new ConcurrentHashMap<>();
  final List<PeerInfo> called = new CopyOnWriteArrayList<>();
  final Map<String, Preview> previews = new ConcurrentHashMap<>();

  /** Lists {@code page} for {@code path} and {@code token} of any node. */
  void page(String path, String token, ListFolderResponse page) {
    pages.put(path + "|" + token, page);
  }

  @Override
  public ListFolderResponse listFolder(PeerInfo node, ListFolderRequest request) {
    called.add(node);
    String key = request.getPath() + "|" + request.getPageToken();
    Status failure = failures.get(key);
    if (failure != null) {
      throw GrpcErrors.fromCall("node " + node.nodeId(), failure.asRuntimeException());
    }
    ListFolderResponse page = pages.get(key);
    if (page == null) {
      throw GrpcErrors.fromCall(
          "node " + node.nodeId(),
          Status.NOT_FOUND.withDescription("no folder " + request.getPath()).asRuntimeException());
    }
    return page;
  }

  @Override
  public Optional<Preview> preview(PeerInfo node, GetPreviewRequest request) {
    called.add(node);
    return Optional.ofNullable(previews.get(request.getFileId()));
  }

  @Override
  public Channel channel(PeerInfo node) {
    throw new UnsupportedOperationException("no downloads through scripted peers");
  }
}
