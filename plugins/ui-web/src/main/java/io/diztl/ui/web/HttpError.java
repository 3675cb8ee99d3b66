package io.diztl.ui.web;

/** A request refused with an HTTP status and a message for the user, never a stack trace. */
final class HttpError extends RuntimeException {

  private final int status;
  private final long retryAfterSeconds;

  HttpError(int status, String message) {
    this(status, message, 0);
  }

  HttpError(int status, String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  int status() {
    return status;
  }

  /** Seconds for a {@code Retry-After} header, 0 for none. */
  long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
