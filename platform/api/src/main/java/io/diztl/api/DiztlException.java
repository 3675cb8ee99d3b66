package io.diztl.api;

import java.util.Objects;

/**
 * The root of diztl's own errors. Its message is meant for the user: it says what was expected and
 * what was found. Its {@link #kind()} says what sort of failure it is, for the edges that turn it
 * into a status code.
 */
public class DiztlException extends RuntimeException {

  private final ErrorKind kind;

  /** Creates an error of kind {@link ErrorKind#FAILED_PRECONDITION} with a user-facing message. */
  public DiztlException(String message) {
    this(ErrorKind.FAILED_PRECONDITION, message);
  }

  /** Creates an error of kind {@link ErrorKind#FAILED_PRECONDITION} with a message and cause. */
  public DiztlException(String message, Throwable cause) {
    this(ErrorKind.FAILED_PRECONDITION, message, cause);
  }

  /**
   * Creates an error of the given kind with a user-facing message.
   *
   * @since 0.2
   */
  public DiztlException(ErrorKind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /**
   * Creates an error of the given kind with a user-facing message and its cause.
   *
   * @since 0.2
   */
  public DiztlException(ErrorKind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /**
   * What sort of failure this is.
   *
   * @since 0.2
   */
  public ErrorKind kind() {
    return kind;
  }
}
