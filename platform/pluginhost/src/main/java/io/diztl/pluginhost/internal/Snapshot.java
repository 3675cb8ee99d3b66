package io.diztl.pluginhost.internal;

import io.diztl.api.metadata.FieldSpec;
import io.diztl.api.search.SearchMatcher;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The active plugins at one moment and what follows from them; immutable, so that extraction and
 * search read it without a lock.
 *
 * @param plugins the active plugins by id
 * @param fields the fields of their extractors, each name once, in plugin order
 * @param matchers their matchers by prefix; for a prefix claimed twice, the smaller plugin id's
 * @param extractorsVersion sorted {@code pluginId@version:extractorClass}, joined with commas
 * @param notes remarks per plugin id, such as a matcher prefix taken by another plugin
 */
record Snapshot(
    List<ActivePlugin> plugins,
    List<FieldSpec> fields,
    Map<String, SearchMatcher> matchers,
    String extractorsVersion,
    Map<String, List<String>> notes) {

  /** No active plugin. */
  static final Snapshot EMPTY = of(List.of());

  /** The snapshot of these active plugins. */
  static Snapshot of(Collection<ActivePlugin> active) {
    List<ActivePlugin> plugins =
        active.stream().sorted(Comparator.comparing(ActivePlugin::id)).toList();
    Map<String, FieldSpec> fields = new LinkedHashMap<>();
    Map<String, SearchMatcher> matchers = new TreeMap<>();
    Map<String, List<String>> notes = new HashMap<>();
    for (ActivePlugin plugin : plugins) {
      plugin.extractors().forEach(x -> x.fields().forEach(f -> fields.putIfAbsent(f.name(), f)));
      for (GuardedMatcher matcher : plugin.matchers()) {
        SearchMatcher taken = matchers.putIfAbsent(matcher.prefix(), matcher);
        if (taken != null) {
          notes
              .computeIfAbsent(plugin.id(), id -> new ArrayList<>())
              .add(
                  "matcher prefix '"
                      + matcher.prefix()
                      + ":' is taken by plugin "
                      + ((GuardedMatcher) taken).pluginId());
        }
      }
    }
    String version =
        plugins.stream()
            .flatMap(
                p ->
                    p.extractors().stream()
                        .map(x -> p.id() + "@" + p.version() + ":" + x.className()))
            .sorted()
            .collect(Collectors.joining(","));
    return new Snapshot(
        plugins,
        List.copyOf(fields.values()),
        Collections.unmodifiableMap(matchers),
        version,
        notes.entrySet().stream()
            .collect(
                Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> List.copyOf(e.getValue()))));
  }
}
