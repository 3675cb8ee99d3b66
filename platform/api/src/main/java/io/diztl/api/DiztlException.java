package io.diztl.api;

/**
 * The root of diztl's own errors. Its message is meant for the user: it says what was expected and
 * what was found.
 */
public class DiztlException extends RuntimeException {

  /** Creates an error with a user-facing message. */
  public DiztlException(String message) {
    super(message);
  }

  /** Creates an error with a user-facing message and its cause. */
  public DiztlException(String message, Throwable cause) {
    super(message, cause);
  }
}
