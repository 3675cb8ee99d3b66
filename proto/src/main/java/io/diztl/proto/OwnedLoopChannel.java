package io.diztl.proto;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import java.util.concurrent.TimeUnit;

/**
 * A channel that owns its event loop group: once the channel has terminated, the group is shut down
 * without a quiet period, so its thread ends with it.
 */
final class OwnedLoopChannel extends ManagedChannel {

  private final ManagedChannel delegate;
  private final EventLoopGroup group;

  OwnedLoopChannel(ManagedChannel delegate, EventLoopGroup group) {
    this.delegate = delegate;
    this.group = group;
  }

  @Override
  public ManagedChannel shutdown() {
    delegate.shutdown();
    return this;
  }

  @Override
  public ManagedChannel shutdownNow() {
    delegate.shutdownNow();
    group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
    return this;
  }

  @Override
  public boolean isShutdown() {
    return delegate.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return delegate.isTerminated() && group.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    if (!delegate.awaitTermination(timeout, unit)) {
      return false;
    }
    group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
    return group.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  @Override
  public ConnectivityState getState(boolean requestConnection) {
    return delegate.getState(requestConnection);
  }

  @Override
  public void notifyWhenStateChanged(ConnectivityState source, Runnable callback) {
    delegate.notifyWhenStateChanged(source, callback);
  }

  @Override
  public void resetConnectBackoff() {
    delegate.resetConnectBackoff();
  }

  @Override
  public void enterIdle() {
    delegate.enterIdle();
  }

  @Override
  public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions callOptions) {
    return delegate.newCall(method, callOptions);
  }

  @Override
  public String authority() {
    return delegate.authority();
  }
}
