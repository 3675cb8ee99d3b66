package io.diztl.node.internal;

import io.diztl.api.DiztlException;
import io.diztl.api.preview.Preview;
import io.diztl.api.ui.PeerInfo;
import io.diztl.proto.v1.GetPreviewRequest;
import io.diztl.proto.v1.ListFolderRequest;
import io.diztl.proto.v1.ListFolderResponse;
import io.grpc.Channel;
import java.util.Optional;

/**
 * The calls this node makes to the peer services of other nodes, and of itself through its own
 * port; {@link DefaultPeerClient} is the real one.
 */
public interface PeerClient {

  /**
   * One page of a folder of {@code node}'s share.
   *
   * @throws DiztlException of the kind the node's answer stands for: {@code NOT_FOUND}, {@code
   *     PERMISSION_DENIED}, {@code INVALID_ARGUMENT}, or {@code UNAVAILABLE} and {@code TIMED_OUT}
   *     when it cannot be reached
   */
  ListFolderResponse listFolder(PeerInfo node, ListFolderRequest request);

  /**
   * A preview of one of {@code node}'s files; empty when it has none.
   *
   * @throws DiztlException as {@link #listFolder} does
   */
  Optional<Preview> preview(PeerInfo node, GetPreviewRequest request);

  /** The channel downloads from {@code node} use. */
  Channel channel(PeerInfo node);

  /**
   * A channel to {@code node} over connection number {@code connection} (0 is {@link
   * #channel(PeerInfo)}'s), so that parallel streams of one download each get a TLS connection and
   * a network thread of their own; implementations without connections of their own give the one
   * channel.
   */
  default Channel channel(PeerInfo node, int connection) {
    return channel(node);
  }
}
