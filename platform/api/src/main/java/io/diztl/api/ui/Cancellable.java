package io.diztl.api.ui;

/**
 * Stops something running in the background; calling it again, or after it ended, does nothing.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface Cancellable {

  /** Stops it. */
  void cancel();
}
