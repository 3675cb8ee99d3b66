package io.diztl.node.internal.transfer.limit;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A download refused because every upload slot of the sending node is taken: where the receiver
 * stands in that node's queue and when to ask again. Travels as {@code RESOURCE_EXHAUSTED} with
 * both in the trailers, so the receiver reads them without parsing the description.
 *
 * @param position the receiver's place in the queue, 1 for the next in line
 * @param retryAfter how long to wait before asking again
 */
public record UploadBusy(int position, Duration retryAfter) {

  static final Metadata.Key<String> POSITION =
      Metadata.Key.of("diztl-queue-position", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> RETRY_AFTER_MILLIS =
      Metadata.Key.of("diztl-retry-after-ms", Metadata.ASCII_STRING_MARSHALLER);

  /** Checks the parts: a position of 1 or more, a wait that is not negative. */
  public UploadBusy {
    if (position < 1) {
      throw new IllegalArgumentException("queue position must be 1 or more, found " + position);
    }
    Objects.requireNonNull(retryAfter, "retryAfter");
    if (retryAfter.isNegative()) {
      throw new IllegalArgumentException("retry wait must not be negative, found " + retryAfter);
    }
  }

  /** The position and the retry hint as trailers. */
  public Metadata toTrailers() {
    Metadata trailers = new Metadata();
    trailers.put(POSITION, Integer.toString(position));
    trailers.put(RETRY_AFTER_MILLIS, Long.toString(retryAfter.toMillis()));
    return trailers;
  }

  /** The status that ends the refused call, saying how many slots there are and the rest. */
  public StatusException toException(int slots) {
    return Status.RESOURCE_EXHAUSTED
        .withDescription(
            "all "
                + slots
                + " upload slots of this node are taken; you are number "
                + position
                + " in the queue, ask again in "
                + retryAfter.toMillis()
                + " ms")
        .asException(toTrailers());
  }

  /**
   * What a failed call says of the sender's queue: present when {@code failure} or one of its
   * causes is a {@code RESOURCE_EXHAUSTED} status with well-formed queue trailers.
   */
  public static Optional<UploadBusy> from(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      Status status;
      Metadata trailers;
      if (t instanceof StatusRuntimeException e) {
        status = e.getStatus();
        trailers = e.getTrailers();
      } else if (t instanceof StatusException e) {
        status = e.getStatus();
        trailers = e.getTrailers();
      } else {
        continue;
      }
      return status.getCode() == Status.Code.RESOURCE_EXHAUSTED && trailers != null
          ? parse(trailers)
          : Optional.empty();
    }
    return Optional.empty();
  }

  private static Optional<UploadBusy> parse(Metadata trailers) {
    String position = trailers.get(POSITION);
    String retry = trailers.get(RETRY_AFTER_MILLIS);
    if (position == null || retry == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new UploadBusy(Integer.parseInt(position), Duration.ofMillis(Long.parseLong(retry))));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // a malformed hint is no hint
    }
  }
}
