package io.diztl.pluginhost.internal;

import io.diztl.pluginhost.PluginHostConfig;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a plugin's faults on files lead to, for extractors and preview providers alike. A file that
 * fails or runs over the time limit is quarantined for that plugin (one log line, never tried again
 * while unchanged); a plugin with a call over the limit still running (deaf to the interrupt) gets
 * no new files until it ends; a plugin that fails on most files it takes, at least {@link
 * PluginHostConfig#failureBudget()} of them, is handed to {@code disable}.
 */
final class FaultPolicy {

  private static final Logger LOG = LoggerFactory.getLogger(FaultPolicy.class);

  private final PluginHostConfig config;
  private final BiConsumer<ActivePlugin, String> disable;

  FaultPolicy(PluginHostConfig config, BiConsumer<ActivePlugin, String> disable) {
    this.config = config;
    this.disable = disable;
  }

  /** Whether {@code plugin} may take {@code file} now. */
  boolean admits(ActivePlugin plugin, FileKey file) {
    if (plugin.retired()) {
      return false;
    }
    PluginFaults faults = plugin.faults();
    if (faults.abandonedRunning() >= config.timeoutBudget()) {
      LOG.debug(
          "plugin {} skipped for {}: a call over the time limit still runs",
          plugin.id(),
          Problems.echo(file.relativePath()));
      return false;
    }
    return !faults.isQuarantined(file);
  }

  /** {@code plugin} handled a file. */
  void succeeded(ActivePlugin plugin) {
    plugin.faults().succeeded();
  }

  /** {@code who} (such as an extractor's class) of {@code plugin} failed {@code file}. */
  void failed(ActivePlugin plugin, String who, FileKey file, Throwable cause) {
    String problem = Problems.describe(cause);
    LOG.warn(
        "{} of plugin {} failed on {}: {} (quarantined)",
        who,
        plugin.id(),
        Problems.echo(file.relativePath()),
        problem);
    LOG.debug("{} failed on {}", who, Problems.echo(file.relativePath()), cause);
    judge(plugin, plugin.faults().quarantine(file, problem), file, problem);
  }

  /** {@code who} of {@code plugin} ran over {@code limit} on {@code file} and was abandoned. */
  void timedOut(
      ActivePlugin plugin,
      String who,
      FileKey file,
      Duration limit,
      CompletableFuture<Void> ended) {
    plugin.faults().abandoned(ended);
    String problem = "took longer than " + limit.toMillis() + " ms";
    LOG.warn(
        "{} of plugin {} {} on {}: interrupted, abandoned and quarantined",
        who,
        plugin.id(),
        problem,
        Problems.echo(file.relativePath()));
    ended.thenRun(() -> LOG.info("the abandoned call of {} of plugin {} ended", who, plugin.id()));
    judge(plugin, plugin.faults().quarantine(file, problem), file, problem);
  }

  private void judge(ActivePlugin plugin, int failed, FileKey file, String problem) {
    int succeeded = plugin.faults().succeededCount();
    if (failed >= config.failureBudget() && failed > succeeded) {
      disable.accept(
          plugin,
          "it failed on most files it took: "
              + failed
              + " of "
              + (failed + succeeded)
              + " (last "
              + Problems.echo(file.relativePath())
              + ": "
              + problem
              + ")");
    }
  }
}
