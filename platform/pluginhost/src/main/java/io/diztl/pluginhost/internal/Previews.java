package io.diztl.pluginhost.internal;

import io.diztl.api.metadata.FileSample;
import io.diztl.api.preview.Preview;
import io.diztl.api.preview.PreviewLimits;
import io.diztl.pluginhost.PluginHostConfig;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the active preview providers for a preview of a file, each within the extraction time limit,
 * and counts their faults against the plugin's budgets as {@link Extractions} does; a preview
 * beyond the limits is refused.
 */
final class Previews {

  private static final Logger LOG = LoggerFactory.getLogger(Previews.class);

  private final PluginHostConfig config;
  private final BoundedCalls calls;
  private final BiConsumer<ActivePlugin, String> disable;

  Previews(PluginHostConfig config, BoundedCalls calls, BiConsumer<ActivePlugin, String> disable) {
    this.config = config;
    this.calls = calls;
    this.disable = disable;
  }

  /** The first preview of {@code file} that a provider of {@code plugins} (in order) makes. */
  Optional<Preview> preview(List<ActivePlugin> plugins, FileSample file, PreviewLimits limits) {
    for (ActivePlugin plugin : plugins) {
      for (HostedPreview hosted : plugin.previews()) {
        if (plugin.retired()) {
          break;
        }
        BoundedCalls.Outcome<Optional<Preview>> outcome =
            calls.call(
                () ->
                    hosted.provider().accepts(file)
                        ? hosted.provider().preview(file, limits)
                        : Optional.<Preview>empty(),
                plugin.loader(),
                config.extractionTimeLimit());
        switch (outcome) {
          case BoundedCalls.Done(var found) -> {
            Optional<Preview> kept = found == null ? Optional.empty() : found;
            if (kept.isPresent() && fits(kept.get(), limits, hosted, file)) {
              plugin.succeeded();
              return kept;
            }
          }
          case BoundedCalls.Failed(var cause) -> failed(plugin, hosted, file, cause);
          case BoundedCalls.TimedOut(var limit) -> timedOut(plugin, hosted, file, limit.toMillis());
          case BoundedCalls.Cancelled() -> {
            return Optional.empty();
          }
        }
      }
    }
    return Optional.empty();
  }

  private static boolean fits(
      Preview preview, PreviewLimits limits, HostedPreview hosted, FileSample file) {
    if (preview.jpeg().length <= limits.maxBytes()
        && Math.max(preview.width(), preview.height()) <= limits.maxSide()) {
      return true;
    }
    LOG.warn(
        "preview provider {} made a preview of {} beyond the limits ({} x {} px, {} bytes):"
            + " refused",
        hosted.className(),
        file.relativePath(),
        preview.width(),
        preview.height(),
        preview.jpeg().length);
    return false;
  }

  private void failed(ActivePlugin plugin, HostedPreview hosted, FileSample file, Throwable cause) {
    int inARow = plugin.failed();
    String problem = Problems.describe(cause);
    LOG.warn(
        "preview provider {} of plugin {} failed on {}: {}",
        hosted.className(),
        plugin.id(),
        file.relativePath(),
        problem);
    LOG.debug("preview provider {} failed on {}", hosted.className(), file.path(), cause);
    if (inARow >= config.failureBudget()) {
      disable.accept(
          plugin,
          "its previews failed " + inARow + " files in a row (last " + file.relativePath() + ")");
    }
  }

  private void timedOut(ActivePlugin plugin, HostedPreview hosted, FileSample file, long millis) {
    int timeouts = plugin.timedOut();
    LOG.warn(
        "preview provider {} of plugin {} took longer than {} ms on {}: abandoned",
        hosted.className(),
        plugin.id(),
        millis,
        file.relativePath());
    if (timeouts >= config.timeoutBudget()) {
      disable.accept(
          plugin,
          "its previews ran over the time limit of "
              + millis
              + " ms "
              + timeouts
              + " times (last on "
              + file.relativePath()
              + ")");
    }
  }
}
