package io.diztl.node.internal;

import io.diztl.api.metadata.FieldSpec;
import io.diztl.api.metadata.FileSample;
import io.diztl.api.metadata.Metadata;
import io.diztl.api.search.SearchMatcher;
import io.diztl.index.MetadataSource;
import io.diztl.pluginhost.PluginHost;
import java.util.List;
import java.util.Map;

/** The index's metadata and matchers, taken from the node's plugins. */
public final class PluginMetadataSource implements MetadataSource {

  private final PluginHost plugins;

  /** Takes everything from {@code plugins}. */
  public PluginMetadataSource(PluginHost plugins) {
    this.plugins = plugins;
  }

  @Override
  public List<FieldSpec> fields() {
    return plugins.fields();
  }

  @Override
  public Map<String, SearchMatcher> matchers() {
    return plugins.matchers();
  }

  @Override
  public String extractorsVersion() {
    return plugins.extractorsVersion();
  }

  @Override
  public List<Metadata.Value> extract(FileSample file) {
    return plugins.extract(file);
  }

  @Override
  public List<List<Metadata.Value>> extractEach(List<FileSample> files) {
    return plugins.extractEach(files);
  }
}
