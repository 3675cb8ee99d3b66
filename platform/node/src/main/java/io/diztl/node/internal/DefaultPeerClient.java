package io.diztl.node.internal;

import io.diztl.api.ui.PeerInfo;
import io.diztl.proto.v1.ListFolderRequest;
import io.diztl.proto.v1.ListFolderResponse;
import io.diztl.proto.v1.PeerGrpc;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Calls peer services over the node's {@link PeerChannels}, mapping failures by status code. */
public final class DefaultPeerClient implements PeerClient {

  /** The longest one page of a folder listing may take. */
  private static final Duration LIST_DEADLINE = Duration.ofSeconds(10);

  private final PeerChannels channels;

  /** Calls through {@code channels}. */
  public DefaultPeerClient(PeerChannels channels) {
    this.channels = channels;
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
  public Channel channel(PeerInfo node) {
    return channels.channel(node.host(), node.port(), node.nodeId());
  }
}
