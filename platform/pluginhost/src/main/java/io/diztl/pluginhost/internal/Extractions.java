package io.diztl.pluginhost.internal;

import io.diztl.api.metadata.FileSample;
import io.diztl.api.metadata.Metadata;
import io.diztl.pluginhost.PluginHostConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the active extractors on files, each that may take a file's extension within the time limit
 * per file; their faults go to the {@link FaultPolicy}, which quarantines the file for that plugin
 * and may disable the plugin. The files of several at once go to each extractor in one hand-off to
 * a host thread ({@link BoundedCalls#callEach}), not one per file.
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
    return extractEach(plugins, List.of(file)).getFirst();
  }

  /**
   * For each of {@code files}, in the same order, the values of every extractor of {@code plugins}
   * (in order) that accepts it.
   */
  List<List<Metadata.Value>> extractEach(List<ActivePlugin> plugins, List<FileSample> files) {
    List<List<Metadata.Value>> values = new ArrayList<>(files.size());
    for (int i = 0; i < files.size(); i++) {
      values.add(new ArrayList<>());
    }
    // Read from disk only for files that some extractor may take, on the host thread.
    FileKey[] keys = new FileKey[files.size()];
    for (ActivePlugin plugin : plugins) {
      for (HostedExtractor extractor : plugin.extractors()) {
        List<Integer> taken = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
          if (extractor.mayTake(files.get(i))) {
            taken.add(i);
          }
        }
        if (!run(plugin, extractor, taken, files, keys, values)) {
          return values;
        }
      }
    }
    return values;
  }

  /**
   * Runs {@code extractor} on the files at {@code taken}, again after each that ran over the limit;
   * false when the run was cancelled.
   */
  private boolean run(
      ActivePlugin plugin,
      HostedExtractor extractor,
      List<Integer> taken,
      List<FileSample> files,
      FileKey[] keys,
      List<List<Metadata.Value>> values) {
    String who = "extractor " + extractor.className();
    boolean[] cancelled = new boolean[1];
    int from = 0;
    while (from < taken.size() && !cancelled[0]) {
      from +=
          calls.callEach(
              taken.subList(from, taken.size()),
              i -> faults.admits(plugin, key(keys, files, i)),
              i -> extractor.run(files.get(i)),
              plugin.loader(),
              config.extractionTimeLimit(),
              (i, outcome) -> {
                switch (outcome) {
                  case BoundedCalls.Done(var result) ->
                      result.ifPresent(
                          found -> {
                            values.get(i).addAll(found);
                            faults.succeeded(plugin);
                          });
                  case BoundedCalls.Failed(var cause) ->
                      faults.failed(plugin, who, key(keys, files, i), cause);
                  case BoundedCalls.TimedOut(var limit, var ended) ->
                      faults.timedOut(plugin, who, key(keys, files, i), limit, ended);
                  case BoundedCalls.Cancelled() -> cancelled[0] = true;
                }
              });
    }
    return !cancelled[0];
  }

  private static FileKey key(FileKey[] keys, List<FileSample> files, int i) {
    if (keys[i] == null) {
      keys[i] = FileKey.of(files.get(i));
    }
    return keys[i];
  }
}
