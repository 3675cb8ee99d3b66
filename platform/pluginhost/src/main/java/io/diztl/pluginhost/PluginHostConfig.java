package io.diztl.pluginhost;

import io.diztl.api.DiztlException;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link PluginHost} guards its plugins.
 *
 * @param extractionTimeLimit the longest one extractor may take on one file; a call that runs over
 *     is abandoned and counts against {@code timeoutBudget}
 * @param failureBudget how many files in a row a plugin's extractors may fail before the plugin is
 *     disabled for the rest of the run
 * @param timeoutBudget how many time-outs a plugin's extractors may have before the plugin is
 *     disabled for the rest of the run
 * @param quietPeriod how long a file dropped into the plugins folder must stay unchanged before it
 *     is loaded
 * @since 0.1
 */
public record PluginHostConfig(
    Duration extractionTimeLimit, int failureBudget, int timeoutBudget, Duration quietPeriod) {

  /** Default {@link #extractionTimeLimit()}: 10 seconds. */
  public static final Duration DEFAULT_EXTRACTION_TIME_LIMIT = Duration.ofSeconds(10);

  /** Default {@link #failureBudget()}: 5 files in a row. */
  public static final int DEFAULT_FAILURE_BUDGET = 5;

  /** Default {@link #timeoutBudget()}: 2 time-outs. */
  public static final int DEFAULT_TIMEOUT_BUDGET = 2;

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
