package io.diztl.pluginhost.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A started plugin and the extensions the host took from it, with its faults on files. Once retired
 * (stopped, unloaded or disabled for its faults) it is never used again.
 */
final class ActivePlugin {

  private final String id;
  private final String version;
  private final ClassLoader loader;
  private final List<HostedExtractor> extractors;
  private final List<GuardedMatcher> matchers;
  private final List<HostedUi> uis;
  private final List<HostedPreview> previews;
  private final List<HostedUi> startedUis = new ArrayList<>();
  private final PluginFaults faults = new PluginFaults();
  private final AtomicBoolean retired = new AtomicBoolean();

  ActivePlugin(
      String id,
      String version,
      ClassLoader loader,
      List<HostedExtractor> extractors,
      List<GuardedMatcher> matchers,
      List<HostedUi> uis,
      List<HostedPreview> previews) {
    this.id = id;
    this.version = version;
    this.loader = loader;
    this.extractors = List.copyOf(extractors);
    this.matchers = List.copyOf(matchers);
    this.uis = List.copyOf(uis);
    this.previews = List.copyOf(previews);
  }

  String id() {
    return id;
  }

  String version() {
    return version;
  }

  /** The plugin's class loader, the context class loader of calls into it. */
  ClassLoader loader() {
    return loader;
  }

  List<HostedExtractor> extractors() {
    return extractors;
  }

  List<GuardedMatcher> matchers() {
    return matchers;
  }

  List<HostedUi> uis() {
    return uis;
  }

  List<HostedPreview> previews() {
    return previews;
  }

  /** The interfaces started so far, in start order; changed only under the host's lock. */
  List<HostedUi> startedUis() {
    return startedUis;
  }

  /** What the plugin contributes, for listings. */
  List<String> describe() {
    return Stream.of(
            extractors.stream().map(HostedExtractor::describe),
            matchers.stream().map(GuardedMatcher::describe),
            uis.stream().map(HostedUi::describe),
            previews.stream().map(HostedPreview::describe))
        .flatMap(s -> s)
        .toList();
  }

  /** Its faults on files this run: quarantined files, abandoned calls still running. */
  PluginFaults faults() {
    return faults;
  }

  /** Marks the plugin as no longer usable; true for the first caller only. */
  boolean retire() {
    return retired.compareAndSet(false, true);
  }

  boolean retired() {
    return retired.get();
  }
}
