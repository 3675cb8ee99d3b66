package io.diztl.pluginhost.internal;

import io.diztl.api.metadata.FieldSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps field names unambiguous across the network's queries: an extractor that declares a field
 * the active plugins (or an earlier extractor of its own plugin) declare with another type is
 * refused.
 */
final class FieldClashes {

  private static final Logger LOG = LoggerFactory.getLogger(FieldClashes.class);

  private FieldClashes() {}

  /**
   * The extractors of {@code entry}'s plugin whose fields agree in type with those of {@code
   * active}; the others are refused with a warning and a problem on the entry.
   */
  static List<HostedExtractor> accepted(
      List<ActivePlugin> active, PluginEntry entry, List<HostedExtractor> extractors) {
    Map<String, FieldSpec> known = new TreeMap<>();
    Map<String, String> owners = new TreeMap<>();
    for (ActivePlugin other : active) {
      for (HostedExtractor extractor : other.extractors()) {
        extractor.fields().forEach(f -> declare(known, owners, f, other.id()));
      }
    }
    List<HostedExtractor> accepted = new ArrayList<>();
    for (HostedExtractor extractor : extractors) {
      FieldSpec clash =
          extractor.fields().stream()
              .filter(f -> known.containsKey(f.name()) && known.get(f.name()).type() != f.type())
              .findFirst()
              .orElse(null);
      if (clash == null) {
        accepted.add(extractor);
        extractor.fields().forEach(f -> declare(known, owners, f, entry.pluginId()));
      } else {
        String problem =
            "extractor "
                + extractor.className()
                + " refused: it declares field '"
                + clash.name()
                + "' as "
                + clash.type()
                + " but plugin "
                + owners.get(clash.name())
                + " declares it as "
                + known.get(clash.name()).type();
        LOG.warn("plugin {}: {}", entry.pluginId(), problem);
        entry.problem(problem);
      }
    }
    return accepted;
  }

  private static void declare(
      Map<String, FieldSpec> known, Map<String, String> owners, FieldSpec field, String pluginId) {
    if (known.putIfAbsent(field.name(), field) == null) {
      owners.put(field.name(), pluginId);
    }
  }
}
