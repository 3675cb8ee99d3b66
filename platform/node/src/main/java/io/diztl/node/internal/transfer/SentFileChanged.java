package io.diztl.node.internal.transfer;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;

/**
 * The end of a download whose file changed on the sender while it was being sent: {@code ABORTED}
 * with a trailer that marks it, so that the receiver asks again (and checks what the sender then
 * announces) without reading the description.
 */
public final class SentFileChanged {

  static final Metadata.Key<String> MARK =
      Metadata.Key.of("diztl-file-changed", Metadata.ASCII_STRING_MARSHALLER);

  private SentFileChanged() {}

  /** The status a sender ends the call with when the file {@code path} changed. */
  public static StatusException status(String path) {
    Metadata trailers = new Metadata();
    trailers.put(MARK, "1");
    return Status.ABORTED
        .withDescription("file " + path + " changed while it was being sent")
        .asException(trailers);
  }

  /** Whether {@code failure} or one of its causes is such a status. */
  public static boolean is(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      Metadata trailers;
      Status status;
      if (t instanceof StatusRuntimeException e) {
        status = e.getStatus();
        trailers = e.getTrailers();
      } else if (t instanceof StatusException e) {
        status = e.getStatus();
        trailers = e.getTrailers();
      } else {
        continue;
      }
      return status.getCode() == Status.Code.ABORTED
          && trailers != null
          && trailers.containsKey(MARK);
    }
    return false;
  }
}
