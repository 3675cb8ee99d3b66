package io.diztl.node.internal.serve;

import io.diztl.proto.v1.DownloadResponse;
import io.grpc.stub.ServerCallStreamObserver;

/**
 * A call typed for generated {@code DownloadResponse} messages, seen as one for {@link
 * DownloadPart}s: each part is turned into its message, a chunk's data copied out of its buffer.
 * For callers of {@link FileServer#serve} that bind the generated method.
 */
final class DownloadResponses extends ServerCallStreamObserver<DownloadPart> {

  private final ServerCallStreamObserver<DownloadResponse> call;

  DownloadResponses(ServerCallStreamObserver<DownloadResponse> call) {
    this.call = call;
  }

  @Override
  public void onNext(DownloadPart part) {
    call.onNext(part.toResponse());
  }

  @Override
  public void onError(Throwable t) {
    call.onError(t);
  }

  @Override
  public void onCompleted() {
    call.onCompleted();
  }

  @Override
  public boolean isReady() {
    return call.isReady();
  }

  @Override
  public boolean isCancelled() {
    return call.isCancelled();
  }

  @Override
  public void setOnReadyHandler(Runnable handler) {
    call.setOnReadyHandler(handler);
  }

  @Override
  public void setOnCancelHandler(Runnable handler) {
    call.setOnCancelHandler(handler);
  }

  @Override
  public void setOnCloseHandler(Runnable handler) {
    call.setOnCloseHandler(handler);
  }

  @Override
  public void setCompression(String compression) {
    call.setCompression(compression);
  }

  @Override
  public void disableAutoInboundFlowControl() {
    call.disableAutoInboundFlowControl();
  }

  @Override
  public void request(int count) {
    call.request(count);
  }

  @Override
  public void setMessageCompression(boolean enable) {
    call.setMessageCompression(enable);
  }
}
