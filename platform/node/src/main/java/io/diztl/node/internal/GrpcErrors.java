package io.diztl.node.internal;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.proto.Transport;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Translates errors at the gRPC edges, by code and kind only, never by a message's text: a {@link
 * DiztlException} becomes a status with its kind's code and its message as description; a failed
 * call to a peer or the tracker becomes a {@link DiztlException} of the kind its code stands for.
 */
public final class GrpcErrors {

  /**
   * The one table: each status code and the kind it stands for. The first code listed for a kind is
   * the code that kind is sent as.
   */
  private static final List<Map.Entry<Status.Code, ErrorKind>> TABLE =
      List.of(
          Map.entry(Status.Code.INVALID_ARGUMENT, ErrorKind.INVALID_ARGUMENT),
          Map.entry(Status.Code.OUT_OF_RANGE, ErrorKind.INVALID_ARGUMENT),
          Map.entry(Status.Code.NOT_FOUND, ErrorKind.NOT_FOUND),
          Map.entry(Status.Code.PERMISSION_DENIED, ErrorKind.PERMISSION_DENIED),
          Map.entry(Status.Code.UNAUTHENTICATED, ErrorKind.PERMISSION_DENIED),
          Map.entry(Status.Code.UNAVAILABLE, ErrorKind.UNAVAILABLE),
          Map.entry(Status.Code.ABORTED, ErrorKind.UNAVAILABLE),
          Map.entry(Status.Code.DEADLINE_EXCEEDED, ErrorKind.TIMED_OUT),
          Map.entry(Status.Code.CANCELLED, ErrorKind.CANCELLED),
          Map.entry(Status.Code.RESOURCE_EXHAUSTED, ErrorKind.RESOURCE_EXHAUSTED),
          Map.entry(Status.Code.FAILED_PRECONDITION, ErrorKind.FAILED_PRECONDITION),
          Map.entry(Status.Code.ALREADY_EXISTS, ErrorKind.FAILED_PRECONDITION),
          Map.entry(Status.Code.UNIMPLEMENTED, ErrorKind.FAILED_PRECONDITION),
          Map.entry(Status.Code.INTERNAL, ErrorKind.INTERNAL),
          Map.entry(Status.Code.DATA_LOSS, ErrorKind.INTERNAL),
          Map.entry(Status.Code.UNKNOWN, ErrorKind.INTERNAL));

  private static final Map<Status.Code, ErrorKind> KINDS = new EnumMap<>(Status.Code.class);
  private static final Map<ErrorKind, Status.Code> CODES = new EnumMap<>(ErrorKind.class);

  static {
    for (Map.Entry<Status.Code, ErrorKind> entry : TABLE) {
      KINDS.put(entry.getKey(), entry.getValue());
      CODES.putIfAbsent(entry.getValue(), entry.getKey());
    }
  }

  private GrpcErrors() {}

  /** The code a kind of error is sent as. */
  public static Status.Code code(ErrorKind kind) {
    return CODES.get(kind);
  }

  /** The kind of error a status code stands for; {@code OK} (never a failure) as INTERNAL. */
  public static ErrorKind kind(Status.Code code) {
    return KINDS.getOrDefault(code, ErrorKind.INTERNAL);
  }

  /** The status for a failed operation: its kind's code, its message as description. */
  public static StatusRuntimeException toStatus(DiztlException e) {
    return code(e.kind()).toStatus().withDescription(e.getMessage()).asRuntimeException();
  }

  /**
   * A failed call to another node or the tracker as the node's own error: the kind its code stands
   * for, the message {@code what} followed by what the other side said.
   */
  public static DiztlException fromCall(String what, Throwable failure) {
    Status status = Status.fromThrowable(failure);
    return new DiztlException(kind(status.getCode()), what + ": " + describe(failure), failure);
  }

  /** Whether a call failed because the other side could not be reached in time. */
  public static boolean unreachable(Throwable t) {
    Status.Code code = Status.fromThrowable(t).getCode();
    return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
  }

  /**
   * A short description of a failed call: its description, else its code; why TLS refused the other
   * side when it did.
   */
  public static String describe(Throwable t) {
    return Transport.describe(t);
  }
}
