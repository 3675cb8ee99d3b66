package io.diztl.api.ui;

import java.util.List;

/**
 * One plugin as the node sees it.
 *
 * @param id the plugin id, or the file name when the file could not be read as a plugin
 * @param version the plugin version, empty when unknown
 * @param state pf4j's state ({@code STARTED}, {@code STOPPED}, {@code DISABLED}, ...) or {@code
 *     FAILED}
 * @param description the plugin's own description, empty when none
 * @param extensions what it contributes, such as {@code matcher fuzzy:}
 * @param problem why it is failed, disabled or partly refused; empty when all is well
 * @since 0.2
 */
public record PluginInfo(
    String id,
    String version,
    String state,
    String description,
    List<String> extensions,
    String problem) {}
