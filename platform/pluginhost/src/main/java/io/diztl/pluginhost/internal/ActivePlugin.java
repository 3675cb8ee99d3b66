package io.diztl.pluginhost.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A started plugin and the extensions the host took from it, with its strikes: failed files in a
 * row and time-outs. Once retired (stopped, unloaded or disabled for its faults) it is never used
 * again.
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
  private final AtomicInteger failuresInARow = new AtomicInteger();
  private final AtomicInteger timeouts = new AtomicInteger();
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

  /** An extractor of the plugin handled a file. */
  void succeeded() {
    failuresInARow.set(0);
  }

  /** An extractor of the plugin failed a file; returns the failures in a row. */
  int failed() {
    return failuresInARow.incrementAndGet();
  }

  /** An extractor of the plugin ran over its time limit; returns the time-outs so far. */
  int timedOut() {
    return timeouts.incrementAndGet();
  }

  /** Marks the plugin as no longer usable; true for the first caller only. */
  boolean retire() {
    return retired.compareAndSet(false, true);
  }

  boolean retired() {
    return retired.get();
  }
}
