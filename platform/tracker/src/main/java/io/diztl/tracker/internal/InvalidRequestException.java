package io.diztl.tracker.internal;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;

/** A request the tracker refuses as malformed; the gRPC edge answers it with INVALID_ARGUMENT. */
public final class InvalidRequestException extends DiztlException {

  /** Creates the error; the message says what was expected and what was found. */
  public InvalidRequestException(String message) {
    super(ErrorKind.INVALID_ARGUMENT, message);
  }
}
