package io.diztl.ui.web;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;

/** The one place where the node's error kinds become HTTP statuses and user-facing messages. */
final class Errors {

  static final String INTERNAL_MESSAGE = "internal error in the node: see its log";

  private Errors() {}

  /** The HTTP status for an error of this kind. */
  static int status(ErrorKind kind) {
    return switch (kind) {
      case INVALID_ARGUMENT -> 400;
      case NOT_FOUND -> 404;
      case PERMISSION_DENIED -> 403;
      case FAILED_PRECONDITION, CANCELLED -> 409;
      case RESOURCE_EXHAUSTED -> 429;
      case UNAVAILABLE -> 503;
      case TIMED_OUT -> 504;
      case INTERNAL -> 500;
    };
  }

  /**
   * What the user is told: the message, except for internal errors whose detail stays in the log.
   */
  static String message(DiztlException error) {
    String message = error.getMessage();
    if (error.kind() == ErrorKind.INTERNAL || message == null || message.isBlank()) {
      return INTERNAL_MESSAGE;
    }
    return message;
  }
}
