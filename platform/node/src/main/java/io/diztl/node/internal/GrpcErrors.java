package io.diztl.node.internal;

import io.diztl.api.DiztlException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Translates errors at the gRPC edge: a status code and the user-facing message, no stack. */
public final class GrpcErrors {

  /** Codes from a peer that keep their meaning when passed on to the user. */
  private static final Set<Status.Code> PASSED_ON =
      EnumSet.of(
          Status.Code.NOT_FOUND,
          Status.Code.PERMISSION_DENIED,
          Status.Code.UNAVAILABLE,
          Status.Code.DEADLINE_EXCEEDED,
          Status.Code.CANCELLED,
          Status.Code.INVALID_ARGUMENT);

  private GrpcErrors() {}

  /**
   * The status for a failed operation: the code of a peer's error in the cause chain when it means
   * something to the user, NOT_FOUND when the message says so, else FAILED_PRECONDITION; the
   * description is the exception's message.
   */
  public static StatusRuntimeException toStatus(DiztlException e) {
    Status.Code code = Status.Code.FAILED_PRECONDITION;
    Status peer = peerStatus(e);
    if (peer != null && PASSED_ON.contains(peer.getCode())) {
      code = peer.getCode();
    } else if (String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("not found")) {
      code = Status.Code.NOT_FOUND;
    }
    return code.toStatus().withDescription(e.getMessage()).asRuntimeException();
  }

  /** Whether a call failed because the other side could not be reached in time. */
  public static boolean unreachable(Throwable t) {
    Status.Code code = Status.fromThrowable(t).getCode();
    return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
  }

  /** A short description of a failed call: its description, else its code. */
  public static String describe(Throwable t) {
    Status status = Status.fromThrowable(t);
    return status.getDescription() != null ? status.getDescription() : status.getCode().name();
  }

  private static Status peerStatus(Throwable e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s) {
        return s.getStatus();
      }
    }
    return null;
  }
}
