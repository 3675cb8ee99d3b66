package io.diztl.index.internal;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.lucene.index.QueryTimeout;

/**
 * How long one search may run, and whether its caller is still there: a Lucene {@link QueryTimeout}
 * that {@link BudgetedQuery} checks between blocks of matched documents.
 */
final class SearchBudget implements QueryTimeout {

  private final long limitNanos;
  private final long deadlineNanos;
  private final BooleanSupplier cancelled;

  SearchBudget(Duration limit, BooleanSupplier cancelled) {
    this.limitNanos = Math.max(0, limit.toNanos());
    this.deadlineNanos = System.nanoTime() + limitNanos;
    this.cancelled = cancelled;
  }

  @Override
  public boolean shouldExit() {
    return cancelled.getAsBoolean() || remainingNanos() <= 0;
  }

  /** Nanoseconds left, 0 or less once the time is up. */
  long remainingNanos() {
    return deadlineNanos - System.nanoTime();
  }

  /** Throws {@link Stopped} when the search should stop. */
  void check() {
    if (shouldExit()) {
      throw new Stopped();
    }
  }

  /** The error for a search stopped by this budget: cancelled, or out of time. */
  DiztlException failure() {
    if (cancelled.getAsBoolean()) {
      return new DiztlException(ErrorKind.CANCELLED, "the search was cancelled by its caller");
    }
    return new DiztlException(
        ErrorKind.TIMED_OUT,
        "the search ran out of its time limit of "
            + Duration.ofNanos(limitNanos).toMillis()
            + " ms; narrow the query");
  }

  /** Unwinds a search out of Lucene once its budget is spent; turned into {@link #failure()}. */
  static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopped() {
      super("search stopped", null, false, false);
    }
  }
}
