package io.diztl.pluginhost.internal;

import io.diztl.api.ui.UiContribution;

/**
 * A plugin's user interface.
 *
 * @param name the interface's short name, read once
 * @param ui the extension
 */
record HostedUi(String name, UiContribution ui) {

  /** {@code ui web}. */
  String describe() {
    return "ui " + name;
  }
}
