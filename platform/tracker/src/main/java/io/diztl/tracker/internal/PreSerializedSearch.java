package io.diztl.tracker.internal;

import io.diztl.proto.v1.PeerGrpc;
import io.diztl.proto.v1.SearchResponse;
import io.grpc.MethodDescriptor;

/**
 * {@code Peer.Search} with a request serialised once for every node a search asks: the relay sends
 * the same bytes on each node's call instead of encoding the message again per node.
 */
final class PreSerializedSearch {

  /** {@code Peer.Search}, its request given as the bytes of a {@code SearchRequest}. */
  static final MethodDescriptor<byte[], SearchResponse> METHOD =
      PeerGrpc.getSearchMethod().toBuilder(
              RawBytes.MARSHALLER, PeerGrpc.getSearchMethod().getResponseMarshaller())
          .build();

  private PreSerializedSearch() {}
}
