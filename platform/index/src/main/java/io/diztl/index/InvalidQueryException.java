package io.diztl.index;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;

/**
 * A query text that is not valid: its message says where and why, as {@code invalid query at
 * character N: expected ..., found ...} (N counts from 1). The gRPC edge answers it with {@code
 * INVALID_ARGUMENT}.
 */
public final class InvalidQueryException extends DiztlException {

  private static final long serialVersionUID = 1L;

  /** An error about the character at {@code index} (counted from 0) of the query text. */
  public InvalidQueryException(int index, String detail) {
    super(ErrorKind.INVALID_ARGUMENT, "invalid query at character " + (index + 1) + ": " + detail);
  }
}
