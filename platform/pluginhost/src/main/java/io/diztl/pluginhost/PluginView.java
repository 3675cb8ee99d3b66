package io.diztl.pluginhost;

import java.util.List;
import java.util.Objects;

/**
 * One plugin as the host sees it, for listings such as {@code diztl plugins}.
 *
 * @param id the plugin id, or the file name when the file could not be read as a plugin
 * @param version the plugin version, empty when unknown
 * @param state pf4j's state ({@code STARTED}, {@code STOPPED}, {@code DISABLED}, ...), or {@code
 *     FAILED} when the plugin or one of its extensions could not be loaded
 * @param description the plugin's own description, empty when none
 * @param extensions what it contributes, such as {@code extractor AudioTags (title, artist)} or
 *     {@code matcher fuzzy: ...}
 * @param problem why it is failed, disabled or partly refused; empty when all is well
 */
public record PluginView(
    String id,
    String version,
    String state,
    String description,
    List<String> extensions,
    String problem) {

  /** Checks the parts and copies the list. */
  public PluginView {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(description, "description");
    extensions = List.copyOf(extensions);
    Objects.requireNonNull(problem, "problem");
  }
}
