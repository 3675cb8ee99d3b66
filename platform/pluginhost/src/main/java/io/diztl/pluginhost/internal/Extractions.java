package io.diztl.pluginhost.internal;

import io.diztl.api.metadata.FileSample;
import io.diztl.api.metadata.Metadata;
import io.diztl.pluginhost.PluginHostConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the active extractors on a file, each within the time limit, and counts their faults against
 * the plugin's budgets; a plugin over budget is handed to {@code disable} with the reason.
 */
final class Extractions {

  private static final Logger LOG = LoggerFactory.getLogger(Extractions.class);

  private final PluginHostConfig config;
  private final BoundedCalls calls;
  private final BiConsumer<ActivePlugin, String> disable;

  Extractions(
      PluginHostConfig config, BoundedCalls calls, BiConsumer<ActivePlugin, String> disable) {
    this.config = config;
    this.calls = calls;
    this.disable = disable;
  }

  /** The values of every extractor of {@code plugins} (in order) that accepts the file. */
  List<Metadata.Value> extract(List<ActivePlugin> plugins, FileSample file) {
    List<Metadata.Value> values = new ArrayList<>();
    for (ActivePlugin plugin : plugins) {
      for (HostedExtractor extractor : plugin.extractors()) {
        if (plugin.retired()) {
          break;
        }
        switch (calls.call(
            () -> extractor.run(file), plugin.loader(), config.extractionTimeLimit())) {
          case BoundedCalls.Done(var result) ->
              result.ifPresent(
                  found -> {
                    values.addAll(found);
                    plugin.succeeded();
                  });
          case BoundedCalls.Failed(var cause) -> failed(plugin, extractor, file, cause);
          case BoundedCalls.TimedOut(var limit) -> timedOut(plugin, extractor, file, limit);
          case BoundedCalls.Cancelled() -> {
            return values;
          }
        }
      }
    }
    return values;
  }

  private void failed(
      ActivePlugin plugin, HostedExtractor extractor, FileSample file, Throwable cause) {
    int inARow = plugin.failed();
    String problem = Problems.describe(cause);
    LOG.warn(
        "extractor {} of plugin {} failed on {}: {}",
        extractor.className(),
        plugin.id(),
        file.relativePath(),
        problem);
    LOG.debug("extractor {} failed on {}", extractor.className(), file.path(), cause);
    if (inARow >= config.failureBudget()) {
      disable.accept(
          plugin,
          "its extractors failed "
              + inARow
              + " files in a row (last "
              + file.relativePath()
              + ": "
              + problem
              + ")");
    }
  }

  private void timedOut(
      ActivePlugin plugin, HostedExtractor extractor, FileSample file, Duration limit) {
    int timeouts = plugin.timedOut();
    LOG.warn(
        "extractor {} of plugin {} took longer than {} ms on {}: abandoned",
        extractor.className(),
        plugin.id(),
        limit.toMillis(),
        file.relativePath());
    if (timeouts >= config.timeoutBudget()) {
      disable.accept(
          plugin,
          "its extractors ran over the time limit of "
              + limit.toMillis()
              + " ms "
              + timeouts
              + " times (last on "
              + file.relativePath()
              + ")");
    }
  }
}
