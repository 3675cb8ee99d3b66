package io.diztl.node.internal.fetch;

import io.diztl.proto.v1.DownloadRequest;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One open {@code Peer.DownloadRanges} call, read by one thread: {@link #ask} sends the next range
 * wanted, {@link #next} takes the answer's parts one by one (a header, then data), asking gRPC for
 * each next message only once the last was taken, so the receiver's pace holds the sender back.
 * Parts that come after the call was {@link #cancel() cancelled} are closed at once, so that their
 * buffers go back to gRPC.
 */
final class RangeCall {

  /** What the listener hands over: a part, or the call's end. */
  private record Ended(Status status, Metadata trailers) {}

  private final ClientCall<DownloadRequest, ReceivedPart> call;
  private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
  private volatile boolean cancelled;
  private boolean over;

  /**
   * Starts a call on {@code channel}; it is bound to the current gRPC context. Its callbacks run
   * where gRPC delivers them (the transport's thread): they only queue what came, so the reader is
   * one hand-off from the wire, not two.
   */
  RangeCall(Channel channel) {
    call =
        channel.newCall(ReceivedPart.RANGES_METHOD, CallOptions.DEFAULT.withExecutor(Runnable::run));
    call.start(
        new ClientCall.Listener<>() {
          @Override
          public void onMessage(ReceivedPart part) {
            inbox.add(part);
            if (cancelled) {
              drain();
            }
          }

          @Override
          public void onClose(Status status, Metadata trailers) {
            inbox.add(new Ended(status, trailers));
          }
        },
        new Metadata());
    call.request(1);
  }

  /** Asks for the range of {@code request}, answered after those asked for before. */
  void ask(DownloadRequest request) {
    call.sendMessage(request);
  }

  /** Whether the call ended: its status was taken by {@link #next}, or is all that is left. */
  boolean isOver() {
    return over || inbox.peek() instanceof Ended;
  }

  /**
   * The next part of the answer, which the caller must close, or null when the sender sent nothing
   * for {@code idle}.
   *
   * @throws StatusRuntimeException when the call ended, with its status (OK included)
   */
  ReceivedPart next(Duration idle) throws InterruptedException {
    Object got = inbox.poll(idle.toNanos(), TimeUnit.NANOSECONDS);
    if (got == null) {
      return null;
    }
    if (got instanceof Ended ended) {
      over = true;
      inbox.add(ended); // the status stays the answer to every later call
      throw ended.status().asRuntimeException(ended.trailers());
    }
    call.request(1);
    return (ReceivedPart) got;
  }

  /** Cancels the call and closes the parts it received and nobody took. */
  void cancel() {
    cancelled = true;
    call.cancel("the receiver is done with this call", null);
    drain();
  }

  private void drain() {
    Object left;
    while ((left = inbox.poll()) != null) {
      if (left instanceof ReceivedPart part) {
        part.close();
      } else {
        inbox.add(left);
        return;
      }
    }
  }
}
