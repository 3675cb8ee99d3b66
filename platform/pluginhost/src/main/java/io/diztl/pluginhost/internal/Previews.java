package io.diztl.pluginhost.internal;

import io.diztl.api.metadata.FileSample;
import io.diztl.api.preview.Preview;
import io.diztl.api.preview.PreviewLimits;
import io.diztl.pluginhost.PluginHostConfig;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the active preview providers for a preview of a file, each within the extraction time limit,
 * and hands their faults to the {@link FaultPolicy} as {@link Extractions} does; a preview beyond
 * the limits is refused.
 */
final class Previews {

  private static final Logger LOG = LoggerFactory.getLogger(Previews.class);

  private final PluginHostConfig config;
  private final BoundedCalls calls;
  private final FaultPolicy faults;

  Previews(PluginHostConfig config, BoundedCalls calls, FaultPolicy faults) {
    this.config = config;
    this.calls = calls;
    this.faults = faults;
  }

  /** The first preview of {@code file} that a provider of {@code plugins} (in order) makes. */
  Optional<Preview> preview(List<ActivePlugin> plugins, FileSample file, PreviewLimits limits) {
    FileKey key = FileKey.of(file);
    for (ActivePlugin plugin : plugins) {
      for (HostedPreview hosted : plugin.previews()) {
        if (!faults.admits(plugin, key)) {
          break;
        }
        String who = "preview provider " + hosted.className();
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
              faults.succeeded(plugin);
              return kept;
            }
          }
          case BoundedCalls.Failed(var cause) -> faults.failed(plugin, who, key, cause);
          case BoundedCalls.TimedOut(var limit, var ended) ->
              faults.timedOut(plugin, who, key, limit, ended);
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
        Problems.echo(file.relativePath()),
        preview.width(),
        preview.height(),
        preview.jpeg().length);
    return false;
  }
}
