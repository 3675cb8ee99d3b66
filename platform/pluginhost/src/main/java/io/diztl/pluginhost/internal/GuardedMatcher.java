package io.diztl.pluginhost.internal;

import io.diztl.api.DiztlException;
import io.diztl.api.search.MatchFields;
import io.diztl.api.search.SearchMatcher;
import org.apache.lucene.search.Query;

/**
 * A plugin's matcher as the index sees it: prefix and description read once, and any failure of
 * {@link #toQuery} other than a rejected argument turned into a {@link DiztlException} that names
 * the plugin.
 */
final class GuardedMatcher implements SearchMatcher {

  private final String pluginId;
  private final SearchMatcher delegate;
  private final String prefix;
  private final String description;

  GuardedMatcher(String pluginId, SearchMatcher delegate, String prefix, String description) {
    this.pluginId = pluginId;
    this.delegate = delegate;
    this.prefix = prefix;
    this.description = description;
  }

  @Override
  public String prefix() {
    return prefix;
  }

  @Override
  public String description() {
    return description;
  }

  /** The plugin that contributes the matcher. */
  String pluginId() {
    return pluginId;
  }

  @Override
  public Query toQuery(String argument, MatchFields fields) {
    Query query;
    try {
      query = delegate.toQuery(argument, fields);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      throw new DiztlException(
          "matcher '" + prefix + ":' of plugin " + pluginId + " failed: " + Problems.describe(e),
          e);
    }
    if (query == null) {
      throw new DiztlException(
          "matcher '"
              + prefix
              + ":' of plugin "
              + pluginId
              + " returned no query for '"
              + argument
              + "'");
    }
    return query;
  }

  /** {@code matcher fuzzy: names within two edits, e.g. fuzzy:holidy}. */
  String describe() {
    return "matcher " + prefix + ": " + description;
  }
}
