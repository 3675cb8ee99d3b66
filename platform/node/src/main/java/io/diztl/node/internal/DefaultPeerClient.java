package io.diztl.node.internal;

import io.diztl.api.preview.Preview;
import io.diztl.api.preview.PreviewLimits;
import io.diztl.api.ui.PeerInfo;
import io.diztl.proto.v1.GetPreviewRequest;
import io.diztl.proto.v1.GetPreviewResponse;
import io.diztl.proto.v1.ListFolderRequest;
import io.diztl.proto.v1.ListFolderResponse;
import io.diztl.proto.v1.PeerGrpc;
import io.grpc.Channel;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Calls peer services over the node's {@link PeerChannels}, mapping failures by status code. */
public final class DefaultPeerClient implements PeerClient {

  /** The longest one page of a folder listing may take. */
  private static final Duration LIST_DEADLINE = Duration.ofSeconds(10);

  /** The longest a preview may take: the plugin host's time limit and a little. */
  private static final Duration PREVIEW_DEADLINE = Duration.ofSeconds(12);

  private final PeerChannels channels;
  private final ClientInterceptor meter;

  /** Calls through {@code channels}, each call through {@code meter}. */
  public DefaultPeerClient(PeerChannels channels, ClientInterceptor meter) {
    this.channels = channels;
    this.meter = meter;
  }

  @Override
  public ListFolderResponse listFolder(PeerInfo node, ListFolderRequest request) {
    try {
      return PeerGrpc.newBlockingStub(channel(node))
          .withDeadlineAfter(LIST_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
          .listFolder(request);
    } catch (StatusRuntimeException e) {
      throw GrpcErrors.fromCall(
          "node " + node.nodeId() + " did not list '" + request.getPath() + "'", e);
    }
  }

  @Override
  public Optional<Preview> preview(PeerInfo node, GetPreviewRequest request) {
    GetPreviewResponse response;
    try {
      response =
          PeerGrpc.newBlockingStub(channel(node))
              .withDeadlineAfter(PREVIEW_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
              .getPreview(request);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw GrpcErrors.fromCall(
          "node " + node.nodeId() + " gave no preview of " + request.getFileId(), e);
    }
    if (response.getJpeg().size() > PreviewLimits.DEFAULT.maxBytes()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Preview.ofJpeg(response.getJpeg().toByteArray()));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // a malformed answer
    }
  }

  @Override
  public Channel channel(PeerInfo node) {
    return channel(node, 0);
  }

  @Override
  public Channel channel(PeerInfo node, int connection) {
    return ClientInterceptors.intercept(
        channels.channel(node.host(), node.port(), node.nodeId(), connection), meter);
  }
}
