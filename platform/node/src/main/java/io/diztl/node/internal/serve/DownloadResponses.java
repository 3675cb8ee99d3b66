package io.diztl.node.internal.serve;

import io.diztl.proto.v1.DownloadResponse;
import io.grpc.stub.ServerCallStreamObserver;

/**
 * A call typed for generated {@code DownloadResponse} messages, seen as one for {@link
 * DownloadPart}s: each part is turned into its message, a chunk's data copied out of its buffer.
 * For callers of {@link FileServer#serve} that bind the generated method.
 */
final class DownloadResponses extends ForwardingCall<DownloadPart> {

  private final ServerCallStreamObserver<DownloadResponse> call;

  DownloadResponses(ServerCallStreamObserver<DownloadResponse> call) {
    super(call);
    this.call = call;
  }

  @Override
  public void onNext(DownloadPart part) {
    call.onNext(part.toResponse());
  }
}
