package io.diztl.pluginhost;

import io.diztl.api.DiztlException;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link PluginHost} guards its plugins.
 *
 * <p>A file that a plugin's extractor or preview provider fails on, or runs over the time limit on,
 * is quarantined for that plugin: it is not given to it again this run while its size and
 * modification time stay the same, and the plugin's listing says so. Only a plugin that fails on
 * most files it takes is disabled.
 *
 * @param extractionTimeLimit the longest one extractor may take on one file; a call that runs over
 *     is interrupted and abandoned, and its file quarantined
 * @param failureBudget the fewest failed files before a plugin failing on most files it takes (more
 *     failed than handled) is disabled for the rest of the run
 * @param timeoutBudget how many abandoned calls of one plugin (over the time limit and deaf to the
 *     interrupt) may still run before the plugin gets no new file until one of them ends; this
 *     bounds the threads a plugin can hold
 * @param quietPeriod how long a file dropped into the plugins folder must stay unchanged before it
 *     is loaded
 * @since 0.1
 */
public record PluginHostConfig(
    Duration extractionTimeLimit, int failureBudget, int timeoutBudget, Duration quietPeriod) {

  /** Default {@link #extractionTimeLimit()}: 10 seconds. */
  public static final Duration DEFAULT_EXTRACTION_TIME_LIMIT = Duration.ofSeconds(10);

  /**
   * Default {@link #failureBudget()}: 20 files, so that a few poison files among the first ones
   * never switch a plugin off.
   */
  public static final int DEFAULT_FAILURE_BUDGET = 20;

  /** Default {@link #timeoutBudget()}: 1, no new file while an abandoned call still runs. */
  public static final int DEFAULT_TIMEOUT_BUDGET = 1;

  /** Default {@link #quietPeriod()}: half a second. */
  public static final Duration DEFAULT_QUIET_PERIOD = Duration.ofMillis(500);

  /** Checks the parts. */
  public PluginHostConfig {
    Objects.requireNonNull(extractionTimeLimit, "extractionTimeLimit");
    Objects.requireNonNull(quietPeriod, "quietPeriod");
    if (extractionTimeLimit.isNegative() || extractionTimeLimit.isZero()) {
      throw new DiztlException(
          "the extraction time limit must be positive, found " + extractionTimeLimit);
    }
    if (failureBudget < 1 || timeoutBudget < 1) {
      throw new DiztlException(
          "the failure and time-out budgets must be at least 1, found "
              + failureBudget
              + " and "
              + timeoutBudget);
    }
    if (quietPeriod.isNegative()) {
      throw new DiztlException("the quiet period must not be negative, found " + quietPeriod);
    }
  }

  /** The defaults. */
  public static PluginHostConfig defaults() {
    return new PluginHostConfig(
        DEFAULT_EXTRACTION_TIME_LIMIT,
        DEFAULT_FAILURE_BUDGET,
        DEFAULT_TIMEOUT_BUDGET,
        DEFAULT_QUIET_PERIOD);
  }

  /** This configuration with another extraction time limit. */
  public PluginHostConfig withExtractionTimeLimit(Duration limit) {
    return new PluginHostConfig(limit, failureBudget, timeoutBudget, quietPeriod);
  }
}
