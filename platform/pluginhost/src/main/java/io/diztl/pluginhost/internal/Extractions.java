package io.diztl.pluginhost.internal;

import io.diztl.api.metadata.FileSample;
import io.diztl.api.metadata.Metadata;
import io.diztl.pluginhost.PluginHostConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the active extractors on a file, each within the time limit; their faults go to the {@link
 * FaultPolicy}, which quarantines the file for that plugin and may disable the plugin.
 */
final class Extractions {

  private final PluginHostConfig config;
  private final BoundedCalls calls;
  private final FaultPolicy faults;

  Extractions(PluginHostConfig config, BoundedCalls calls, FaultPolicy faults) {
    this.config = config;
    this.calls = calls;
    this.faults = faults;
  }

  /** The values of every extractor of {@code plugins} (in order) that accepts the file. */
  List<Metadata.Value> extract(List<ActivePlugin> plugins, FileSample file) {
    List<Metadata.Value> values = new ArrayList<>();
    FileKey key = FileKey.of(file);
    for (ActivePlugin plugin : plugins) {
      for (HostedExtractor extractor : plugin.extractors()) {
        if (!faults.admits(plugin, key)) {
          break;
        }
        String who = "extractor " + extractor.className();
        switch (calls.call(
            () -> extractor.run(file), plugin.loader(), config.extractionTimeLimit())) {
          case BoundedCalls.Done(var result) ->
              result.ifPresent(
                  found -> {
                    values.addAll(found);
                    faults.succeeded(plugin);
                  });
          case BoundedCalls.Failed(var cause) -> faults.failed(plugin, who, key, cause);
          case BoundedCalls.TimedOut(var limit, var ended) ->
              faults.timedOut(plugin, who, key, limit, ended);
          case BoundedCalls.Cancelled() -> {
            return values;
          }
        }
      }
    }
    return values;
  }
}
