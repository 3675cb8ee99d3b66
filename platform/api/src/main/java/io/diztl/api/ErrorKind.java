package io.diztl.api;

/**
 * What kind of failure a {@link DiztlException} reports, so that every edge (gRPC, HTTP, the
 * command line) picks its status from the kind and never from the message's text.
 *
 * @since 0.2
 */
public enum ErrorKind {
  /** The request itself is wrong: a malformed reference, query or path. */
  INVALID_ARGUMENT,
  /** What the request names does not exist: an unknown file, node, download or plugin. */
  NOT_FOUND,
  /** The request is understood but refused, such as a path that leaves the share. */
  PERMISSION_DENIED,
  /** Another node or the tracker cannot be reached. */
  UNAVAILABLE,
  /** Another node or the tracker did not answer in time. */
  TIMED_OUT,
  /** The operation was cancelled. */
  CANCELLED,
  /** A limit was reached: too large, too many, no space left. */
  RESOURCE_EXHAUSTED,
  /** The state does not allow it now, such as retrying a download that is still running. */
  FAILED_PRECONDITION,
  /** Something went wrong inside the node; the log has the details. */
  INTERNAL
}
