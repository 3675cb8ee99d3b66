package io.diztl.node.internal.serve;

import io.grpc.stub.ServerCallStreamObserver;

/**
 * A call whose ready, cancel and close handlers may be set at any time: it registers its own at
 * once, which run the ones set later. gRPC takes a streaming call's handlers only while its service
 * method runs, and a ranges call knows what to send only when its first request comes.
 */
final class LateHandlerCall<T> extends ForwardingCall<T> {

  private static final Runnable NONE = () -> {};

  private final ServerCallStreamObserver<T> call;
  private volatile Runnable onReady = NONE;
  private volatile Runnable onCancel = NONE;
  private volatile Runnable onClose = NONE;

  /** Wraps {@code call}; to be made while its service method runs. */
  LateHandlerCall(ServerCallStreamObserver<T> call) {
    super(call);
    this.call = call;
    call.setOnReadyHandler(() -> onReady.run());
    call.setOnCancelHandler(() -> onCancel.run());
    call.setOnCloseHandler(() -> onClose.run());
  }

  @Override
  public void onNext(T value) {
    call.onNext(value);
  }

  @Override
  public void setOnReadyHandler(Runnable handler) {
    onReady = handler;
  }

  @Override
  public void setOnCancelHandler(Runnable handler) {
    onCancel = handler;
  }

  @Override
  public void setOnCloseHandler(Runnable handler) {
    onClose = handler;
  }
}
