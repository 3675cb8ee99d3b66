package io.diztl.proto;

import io.grpc.Server;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** An in-process server that reports the port it was named with and frees the name on shutdown. */
final class InProcessServer extends Server {

  private final Server delegate;
  private final int port;
  private final Runnable release;

  InProcessServer(Server delegate, int port, Runnable release) {
    this.delegate = delegate;
    this.port = port;
    this.release = release;
  }

  @Override
  public Server start() throws IOException {
    delegate.start();
    return this;
  }

  @Override
  public int getPort() {
    return port;
  }

  @Override
  public Server shutdown() {
    release.run();
    delegate.shutdown();
    return this;
  }

  @Override
  public Server shutdownNow() {
    release.run();
    delegate.shutdownNow();
    return this;
  }

  @Override
  public boolean isShutdown() {
    return delegate.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return delegate.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return delegate.awaitTermination(timeout, unit);
  }

  @Override
  public void awaitTermination() throws InterruptedException {
    delegate.awaitTermination();
  }
}
