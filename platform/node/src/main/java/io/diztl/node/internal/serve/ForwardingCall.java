package io.diztl.node.internal.serve;

import io.grpc.stub.ServerCallStreamObserver;

/**
 * A call seen through another one: everything but {@link #onNext} goes to the call it wraps, whose
 * messages may be of another type.
 */
abstract class ForwardingCall<T> extends ServerCallStreamObserver<T> {

  private final ServerCallStreamObserver<?> call;

  ForwardingCall(ServerCallStreamObserver<?> call) {
    this.call = call;
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
