package io.diztl.proto;

import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One gRPC-Web call as the service sees it: what the service sends is queued, from any thread,
 * and written to the HTTP response by the thread serving the exchange ({@link #writeAll}), so that
 * a slow reader never blocks the service's threads. Messages go out as they come (each frame
 * flushed), the status last. A failed write cancels the call.
 */
final class GrpcWebCall<Q, R> extends ServerCall<Q, R> {

  /** What the serving thread writes next: a message's bytes, or the end with its status. */
  private sealed interface Out {}

  private record Message(byte[] bytes) implements Out {}

  private record End(Status status) implements Out {}

  private final MethodDescriptor<Q, R> method;
  private final Attributes attributes;
  private final String authority;
  private final BlockingQueue<Out> queue = new LinkedBlockingQueue<>();
  private volatile boolean closed;
  private volatile boolean cancelled;

  GrpcWebCall(MethodDescriptor<Q, R> method, Attributes attributes, String authority) {
    this.method = method;
    this.attributes = attributes;
    this.authority = authority;
  }

  @Override
  public void request(int numMessages) {
    // The one request message is handed over as soon as the call starts.
  }

  @Override
  public void sendHeaders(Metadata headers) {
    // The response's headers go out with its first frame.
  }

  @Override
  public void sendMessage(R message) {
    if (closed) {
      throw new IllegalStateException("the call is closed");
    }
    if (cancelled) {
      return;
    }
    try (InputStream bytes = method.streamResponse(message)) {
      queue.add(new Message(bytes.readAllBytes()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise a " + method.getFullMethodName(), e);
    }
  }

  @Override
  public synchronized void close(Status status, Metadata trailers) {
    if (closed) {
      throw new IllegalStateException("the call is already closed");
    }
    closed = true;
    queue.add(new End(status));
  }

  /** Whether the call was closed by the service. */
  boolean isClosed() {
    return closed;
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  @Override
  public boolean isReady() {
    return !cancelled;
  }

  @Override
  public MethodDescriptor<Q, R> getMethodDescriptor() {
    return method;
  }

  @Override
  public Attributes getAttributes() {
    return attributes;
  }

  @Override
  public String getAuthority() {
    return authority;
  }

  /**
   * Writes what the service sends, as it comes, until it closes the call; true once the status is
   * written, false when a write failed or the thread was interrupted (the call is then cancelled).
   */
  boolean writeAll(OutputStream out) {
    try {
      while (true) {
        Out next = queue.take();
        if (next instanceof Message message) {
          GrpcWebFrames.writeMessage(out, message.bytes());
          out.flush();
        } else if (next instanceof End end) {
          GrpcWebFrames.writeTrailers(out, end.status());
          out.close();
          return true;
        }
      }
    } catch (IOException e) {
      cancelled = true;
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancelled = true;
      return false;
    }
  }
}
